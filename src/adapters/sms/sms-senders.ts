// The SMS sender the settings choose; every code a provider refuses is logged with its own code.
import type { Config } from '../../config.js';
import { maskPhone } from '../../domain/phone.js';
import { LoggingSmsSender, SmsNotSent, type SmsSender } from '../../domain/verification/sms-sender.js';
import { logger } from '../../infra/logger.js';
import { AliyunSmsSender } from './aliyun-sms-sender.js';
import { TencentSmsSender } from './tencent-sms-sender.js';

export function smsSenderFrom(config: Config): SmsSender {
  if (config.SMS_PROVIDER === 'log') return new LoggingSmsSender((line) => logger.info(line));
  return logFailures(config.SMS_PROVIDER, providerSender(config));
}

function providerSender(config: Config): SmsSender {
  // loadConfig has checked that the chosen provider's settings are all there.
  const need = (value: string | undefined) => value ?? '';
  if (config.SMS_PROVIDER === 'tencent') {
    return new TencentSmsSender({
      secretId: need(config.TENCENT_SMS_SECRET_ID),
      secretKey: need(config.TENCENT_SMS_SECRET_KEY),
      region: config.TENCENT_SMS_REGION,
      sdkAppId: need(config.TENCENT_SMS_SDK_APP_ID),
      signName: need(config.TENCENT_SMS_SIGN_NAME),
      templateId: need(config.TENCENT_SMS_TEMPLATE_ID),
      ...(config.TENCENT_SMS_ENDPOINT ? { endpoint: config.TENCENT_SMS_ENDPOINT } : {}),
      protocol: config.SMS_PROTOCOL === 'http' ? 'http://' : 'https://',
    });
  }
  return new AliyunSmsSender({
    accessKeyId: need(config.ALIYUN_SMS_ACCESS_KEY_ID),
    accessKeySecret: need(config.ALIYUN_SMS_ACCESS_KEY_SECRET),
    signName: need(config.ALIYUN_SMS_SIGN_NAME),
    templateCode: need(config.ALIYUN_SMS_TEMPLATE_CODE),
    ...(config.ALIYUN_SMS_ENDPOINT ? { endpoint: config.ALIYUN_SMS_ENDPOINT } : {}),
    protocol: config.SMS_PROTOCOL === 'http' ? 'HTTP' : 'HTTPS',
  });
}

function logFailures(provider: string, sender: SmsSender): SmsSender {
  return {
    async sendCode(phone, code) {
      try {
        await sender.sendCode(phone, code);
      } catch (err) {
        const { reason, providerCode } =
          err instanceof SmsNotSent ? err : { reason: 'failed', providerCode: 'unknown' };
        logger.warn({ provider, reason, providerCode, phone: maskPhone(phone) }, 'verification SMS not sent');
        throw err;
      }
    },
  };
}
