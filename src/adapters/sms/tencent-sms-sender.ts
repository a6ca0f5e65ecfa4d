// Verification codes through Tencent Cloud SMS (SendSms, API 2021-01-11), with its official SDK.
import { Agent } from 'node:http';
import { sms } from 'tencentcloud-sdk-nodejs-sms';
import { SmsNotSent, type SmsSender } from '../../domain/verification/sms-sender.js';

export interface TencentSmsSettings {
  secretId: string;
  secretKey: string;
  /** Required by SendSms (sent as X-TC-Region), e.g. 'ap-guangzhou'. */
  region: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  /** Host[:port] only, e.g. "127.0.0.1:PORT" for tests; default sms.tencentcloudapi.com. */
  endpoint?: string;
  protocol?: 'https://' | 'http://';
}

/** Per-phone frequency limits; everything else that is not 'Ok' is a plain failure. */
const THROTTLE_CODES = new Set([
  'LimitExceeded.PhoneNumberThirtySecondLimit',
  'LimitExceeded.PhoneNumberOneHourLimit',
  'LimitExceeded.PhoneNumberDailyLimit',
  'LimitExceeded.PhoneNumberSameContentDailyLimit',
  'LimitExceeded.DeliveryFrequencyLimit',
]);

export class TencentSmsSender implements SmsSender {
  private readonly client: InstanceType<typeof sms.v20210111.Client>;

  constructor(private readonly settings: TencentSmsSettings) {
    const plainHttp = settings.protocol === 'http://';
    this.client = new sms.v20210111.Client({
      credential: { secretId: settings.secretId, secretKey: settings.secretKey },
      region: settings.region,
      profile: {
        httpProfile: {
          ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
          protocol: settings.protocol ?? 'https://',
          reqTimeout: 10, // seconds; SDK default is 60, too long for a login flow
          // An explicit agent stops the SDK routing local plain-http calls through $http_proxy.
          ...(plainHttp ? { agent: new Agent() } : {}),
        },
      },
    });
  }

  async sendCode(phone: string, code: string): Promise<void> {
    const s = this.settings;
    let status;
    try {
      const res = await this.client.SendSms({
        PhoneNumberSet: ['+86' + phone],
        SmsSdkAppId: s.sdkAppId,
        SignName: s.signName,
        TemplateId: s.templateId,
        TemplateParamSet: [code],
      });
      status = res.SendStatusSet?.[0];
    } catch (e) {
      // TencentCloudSDKHttpException: `code` for API errors, only `httpCode`/message for transport errors.
      const err = e as { code?: string; httpCode?: number; message?: string };
      const providerCode = err.code || (err.httpCode ? `HTTP${err.httpCode}` : 'NetworkError');
      throw Object.assign(new SmsNotSent('failed', providerCode, err.message), { cause: e });
    }
    const providerCode = status?.Code ?? 'MissingSendStatus';
    if (providerCode === 'Ok') return;
    throw new SmsNotSent(
      THROTTLE_CODES.has(providerCode) ? 'throttled' : 'failed',
      providerCode,
      status?.Message,
    );
  }
}
