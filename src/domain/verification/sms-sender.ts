// The port through which verification codes leave the system. A real SMS provider plugs in here.
import { maskPhone } from '../phone.js';

export interface SmsSender {
  /** Resolves once the provider accepted the message; throws SmsNotSent when it did not. */
  sendCode(phone: string, code: string): Promise<void>;
}

/** A code the provider did not send: 'throttled' (the phone asked too often) or 'failed' (anything else). */
export class SmsNotSent extends Error {
  constructor(
    readonly reason: 'throttled' | 'failed',
    /** The provider's own code (LimitExceeded.PhoneNumberOneHourLimit, isv.BUSINESS_LIMIT_CONTROL…). */
    readonly providerCode: string,
    message?: string,
  ) {
    super(message ?? `SMS not sent: ${providerCode}`);
    this.name = 'SmsNotSent';
  }
}

/** The default: writes the code to the log, so a demo or a developer can read it. */
export class LoggingSmsSender implements SmsSender {
  constructor(private readonly log: (line: string) => void) {}

  async sendCode(phone: string, code: string): Promise<void> {
    this.log(`verification code for ${maskPhone(phone)}: ${code}`);
  }
}

/** Keeps sent codes in memory; tests read them back the way a person reads their phone. */
export class MemorySmsSender implements SmsSender {
  readonly sent: Array<{ phone: string; code: string }> = [];

  async sendCode(phone: string, code: string): Promise<void> {
    this.sent.push({ phone, code });
  }

  lastCodeFor(phone: string): string | undefined {
    return this.sent.filter((s) => s.phone === phone).at(-1)?.code;
  }
}
