// Verification codes through Aliyun SMS (dysmsapi 2017-05-25 SendSms), with its official SDK.
import { createRequire } from 'node:module';
import { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { SmsNotSent, type SmsSender } from '../../domain/verification/sms-sender.js';

// The package is CJS with `exports.default = Client`; a default import yields the class under
// vitest but the exports object under plain Node, so require() it for one behaviour everywhere.
type DysmsCjs = typeof import('@alicloud/dysmsapi20170525', { with: { 'resolution-mode': 'require' } });
const DysmsClient = (createRequire(import.meta.url)('@alicloud/dysmsapi20170525') as DysmsCjs).default;

export interface AliyunSmsSettings {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
  /** Host[:port] only; default dysmsapi.aliyuncs.com. */
  endpoint?: string;
  protocol?: 'HTTPS' | 'HTTP';
}

// BUSINESS_LIMIT_CONTROL is the per-phone frequency limit. DAY_LIMIT_CONTROL is the account's daily
// quota set in the console: the shop's problem, not the member's, so it is a failure like Tencent's
// LimitExceeded.AppDailyLimit.
const THROTTLE_CODES = new Set(['isv.BUSINESS_LIMIT_CONTROL']);

export class AliyunSmsSender implements SmsSender {
  private readonly client: InstanceType<typeof DysmsClient>;

  constructor(private readonly settings: AliyunSmsSettings) {
    this.client = new DysmsClient(
      new $OpenApiUtil.Config({
        accessKeyId: settings.accessKeyId,
        accessKeySecret: settings.accessKeySecret,
        endpoint: settings.endpoint ?? 'dysmsapi.aliyuncs.com',
        protocol: settings.protocol ?? 'HTTPS',
        connectTimeout: 5000, // ms; unset, the underlying httpx defaults both to 3000
        readTimeout: 10000,
      }),
    );
  }

  async sendCode(phone: string, code: string): Promise<void> {
    const s = this.settings;
    let body;
    try {
      const res = await this.client.sendSms(
        new SendSmsRequest({
          phoneNumbers: phone,
          signName: s.signName,
          templateCode: s.templateCode,
          templateParam: JSON.stringify({ code }),
        }),
      );
      body = res.body;
    } catch (e) {
      // HTTP 4xx/5xx arrive as ClientError/ServerError/ThrottlingError carrying statusCode and `code`.
      const err = e as { statusCode?: number; code?: unknown; message?: string };
      if (err.statusCode)
        throw Object.assign(new SmsNotSent('failed', String(err.code), err.message), { cause: e });
      // Transport errors embed the full URL (phone and code in the query): keep it out of logs.
      throw new SmsNotSent(
        'failed',
        'NetworkError',
        `SMS transport error ${typeof err.code === 'string' ? err.code : ''}`,
      );
    }
    const providerCode = body?.code ?? 'MissingCode';
    if (providerCode === 'OK') return;
    throw new SmsNotSent(
      THROTTLE_CODES.has(providerCode) ? 'throttled' : 'failed',
      providerCode,
      body?.message,
    );
  }
}
