// Phone ownership checks: 6-digit codes, hashed at rest, valid 5 minutes. A code belongs to the phone and
// the chat account that asked for it: five wrong tries lock that account out of that phone, not the
// phone's owner; wrong tries across all accounts are capped per phone by a throttle.
import { createHash, randomInt } from 'node:crypto';
import { DomainError } from '../errors.js';
import { now } from '../clock.js';
import { CodeAttemptModel, VerificationCodeModel } from '../models/verification-code.js';
import { insertOnce } from '../insert-once.js';
import type { Throttles } from '../throttle.js';
import { SmsNotSent, type SmsSender } from './sms-sender.js';

export const CODE_TTL_MS = 5 * 60_000;
export const MAX_CODE_ATTEMPTS = 5;
export const LOCK_MS = 30 * 60_000;

export type CodeCheck = { result: 'ok' | 'expired' | 'locked' } | { result: 'wrong'; attemptsLeft: number };

const codeId = (phone: string, identity: string) => `${phone}:${identity}`;

function hashCode(phone: string, code: string): string {
  return createHash('sha256').update(`${phone}:${code}`).digest('hex');
}

export class VerificationService {
  constructor(
    private readonly sms: SmsSender,
    private readonly throttles: Throttles,
  ) {}

  /** Sends a new code to the phone for this identity; refuses while locked or too often. */
  async send(phone: string, identity: string): Promise<void> {
    const existing = await VerificationCodeModel.findById(codeId(phone, identity)).lean();
    if (existing?.lockedUntil && existing.lockedUntil > now()) {
      throw new DomainError('RATE_LIMITED', 'this phone is locked after too many wrong codes', {
        lockedUntil: existing.lockedUntil,
      });
    }
    if (
      !(await this.throttles.codeSendPerPhone.allow(phone)) ||
      !(await this.throttles.codeSendPerIdentity.allow(identity))
    ) {
      throw new DomainError('RATE_LIMITED', 'too many codes requested; wait a while');
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    // Sent before it is kept: a code the provider refused never becomes the phone's live code (and the
    // one sent before it, if any, stays good).
    await this.sendOrExplain(phone, code);
    const at = now();
    await VerificationCodeModel.replaceOne(
      { _id: codeId(phone, identity) },
      {
        codeHash: hashCode(phone, code),
        requestedBy: identity,
        expiresAt: new Date(at.getTime() + CODE_TTL_MS),
        lockedUntil: null,
        sentAt: at,
      },
      { upsert: true },
    );
  }

  private async sendOrExplain(phone: string, code: string): Promise<void> {
    try {
      await this.sms.sendCode(phone, code);
    } catch (err) {
      if (err instanceof SmsNotSent && err.reason === 'throttled') {
        throw new DomainError('SMS_THROTTLED', 'the SMS provider refused: too many codes for this phone', {
          providerCode: err.providerCode,
        });
      }
      throw new DomainError('SMS_UNAVAILABLE', 'the SMS provider did not send the code', {
        providerCode: err instanceof SmsNotSent ? err.providerCode : 'unknown',
      });
    }
  }

  /** Checks a code; a right code is used up, the fifth wrong one locks the phone. */
  async check(phone: string, identity: string, code: string): Promise<CodeCheck> {
    if (!(await this.throttles.secretCheck.allow(identity))) return { result: 'locked' };
    const id = codeId(phone, identity);
    const record = await VerificationCodeModel.findById(id).lean();
    const at = now();
    if (record?.lockedUntil && record.lockedUntil > at) return { result: 'locked' };
    if (!record || record.requestedBy !== identity || record.expiresAt <= at) return { result: 'expired' };
    const attempts = await takeAttempt(id, record.sentAt);
    if (attempts === null) return this.lock(id, at);
    if (record.codeHash === hashCode(phone, code.trim())) {
      await VerificationCodeModel.deleteOne({ _id: id });
      return { result: 'ok' };
    }
    if (!(await this.throttles.wrongCodePerPhone.allow(phone))) return { result: 'locked' };
    if (attempts >= MAX_CODE_ATTEMPTS) return this.lock(id, at);
    return { result: 'wrong', attemptsLeft: MAX_CODE_ATTEMPTS - attempts };
  }

  private async lock(id: string, at: Date): Promise<CodeCheck> {
    await VerificationCodeModel.updateOne(
      { _id: id },
      { $set: { lockedUntil: new Date(at.getTime() + LOCK_MS), expiresAt: at } },
    );
    return { result: 'locked' };
  }
}

/** The number of this guess at the code sent at `sentAt` (1…5), or null when five were taken. */
async function takeAttempt(id: string, sentAt: Date): Promise<number | null> {
  for (let n = 1; n <= MAX_CODE_ATTEMPTS; n++) {
    if (await insertOnce(CodeAttemptModel, { _id: `${id}:${sentAt.getTime()}:${n}`, at: now() })) return n;
  }
  return null;
}
