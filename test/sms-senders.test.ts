// Each SMS provider's request exactly as its SDK sends it, against our fake of the provider: signed, recorded,
// and its answers (sent, throttled, failed) read the way the member will be told.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { VerificationCodeModel } from '../src/domain/models/verification-code.js';
import { AliyunSmsSender, type AliyunSmsSettings } from '../src/adapters/sms/aliyun-sms-sender.js';
import { FakeAliyunSms } from './support/fake-aliyun-sms.js';
import { FakeTencentSms } from './support/fake-tencent-sms.js';
import { SmsNotSent } from '../src/domain/verification/sms-sender.js';
import { TencentSmsSender, type TencentSmsSettings } from '../src/adapters/sms/tencent-sms-sender.js';

const PHONE = '13800138000';

/** Flip one character, so a "wrong secret" differs from the right one by the least possible. */
const flip = (s: string): string => (s[0] === 'x' ? 'y' : 'x') + s.slice(1);

async function notSent(p: Promise<void>): Promise<SmsNotSent> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SmsNotSent);
  return err as SmsNotSent;
}

describe('TencentSmsSender via the real SDK against FakeTencentSms', () => {
  const secretId = 'AKIDfakeTencentSecretId';
  const secretKey = 'fakeTencentSecretKey0123456789';
  let fake: FakeTencentSms;
  let settings: TencentSmsSettings;
  const sender = (over: Partial<TencentSmsSettings> = {}) => new TencentSmsSender({ ...settings, ...over });

  beforeEach(async () => {
    fake = new FakeTencentSms(secretId, secretKey);
    const { endpoint } = await fake.start();
    settings = {
      secretId,
      secretKey,
      region: 'ap-guangzhou',
      sdkAppId: '1400000000',
      signName: '测试签名',
      templateId: '123456',
      endpoint,
      protocol: 'http://',
    };
  });
  afterEach(() => fake.stop());

  it('sends the code to +86 phone with the configured sign and template', async () => {
    await sender().sendCode(PHONE, '246810');
    expect(fake.sent).toEqual([
      { phone: '+8613800138000', signName: '测试签名', templateId: '123456', params: ['246810'] },
    ]);
  });

  it('is rejected by the fake when the secret key is off by one character', async () => {
    const err = await notSent(sender({ secretKey: flip(secretKey) }).sendCode(PHONE, '1'));
    expect([err.reason, err.providerCode]).toEqual(['failed', 'AuthFailure.SignatureFailure']);
    expect(fake.sent).toEqual([]);
  });

  it('is rejected for an unknown secret id', async () => {
    const err = await notSent(sender({ secretId: flip(secretId) }).sendCode(PHONE, '1'));
    expect([err.reason, err.providerCode]).toEqual(['failed', 'AuthFailure.SecretIdNotFound']);
  });

  it('rejects an unsigned request (the fake does not accept anything)', async () => {
    const res = await fetch(`http://${settings.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tc-action': 'SendSms' },
      body: '{}',
    });
    expect(await res.json()).toMatchObject({
      Response: { Error: { Code: 'AuthFailure.InvalidAuthorization' } },
    });
  });

  it.each([
    'LimitExceeded.PhoneNumberThirtySecondLimit',
    'LimitExceeded.PhoneNumberOneHourLimit',
    'LimitExceeded.PhoneNumberDailyLimit',
    'LimitExceeded.PhoneNumberSameContentDailyLimit',
    'LimitExceeded.DeliveryFrequencyLimit',
  ])('maps per-number %s to throttled', async (code) => {
    fake.failNext(code);
    const err = await notSent(sender().sendCode(PHONE, '1'));
    expect([err.reason, err.providerCode]).toEqual(['throttled', code]);
    expect(fake.sent).toEqual([]);
  });

  it.each([
    ['status', 'InvalidParameterValue.IncorrectPhoneNumber'],
    ['status', 'LimitExceeded.AppDailyLimit'], // app-wide quota, not this phone
    ['error', 'FailedOperation.TemplateIncorrectOrUnapproved'],
  ] as const)('maps %s-level %s to failed', async (level, code) => {
    fake.failNext(code, 1, level);
    const err = await notSent(sender().sendCode(PHONE, '1'));
    expect([err.reason, err.providerCode]).toEqual(['failed', code]);
  });

  it('sends again once the failures it was told to give are used up', async () => {
    fake.failNext('LimitExceeded.PhoneNumberOneHourLimit', 2);
    await notSent(sender().sendCode(PHONE, '1'));
    await notSent(sender().sendCode(PHONE, '2'));
    await sender().sendCode(PHONE, '3');
    expect(fake.sent.map((s) => s.params)).toEqual([['3']]);
  });

  it('maps an unreachable endpoint to failed', async () => {
    await fake.stop();
    const err = await notSent(sender().sendCode(PHONE, '1'));
    expect([err.reason, err.providerCode]).toEqual(['failed', 'NetworkError']);
  });
});

describe('AliyunSmsSender via the real SDK against FakeAliyunSms', () => {
  const accessKeyId = 'LTAIfakeAliyunKeyId';
  const accessKeySecret = 'fakeAliyunKeySecret0123456789';
  let fake: FakeAliyunSms;
  let settings: AliyunSmsSettings;
  const sender = (over: Partial<AliyunSmsSettings> = {}) => new AliyunSmsSender({ ...settings, ...over });

  beforeEach(async () => {
    fake = new FakeAliyunSms(accessKeyId, accessKeySecret);
    const { endpoint } = await fake.start();
    settings = {
      accessKeyId,
      accessKeySecret,
      signName: '阿里云短信测试',
      templateCode: 'SMS_154950909',
      endpoint,
      protocol: 'HTTP',
    };
  });
  afterEach(() => fake.stop());

  it('sends the code with the configured sign and template', async () => {
    await sender().sendCode(PHONE, '246810');
    expect(fake.sent).toEqual([
      { phone: PHONE, signName: '阿里云短信测试', templateId: 'SMS_154950909', params: { code: '246810' } },
    ]);
  });

  it('is rejected by the fake when the secret is off by one character', async () => {
    const err = await notSent(sender({ accessKeySecret: flip(accessKeySecret) }).sendCode(PHONE, '1'));
    expect([err.reason, err.providerCode]).toEqual(['failed', 'SignatureDoesNotMatch']);
    expect(fake.sent).toEqual([]);
  });

  it('is rejected for an unknown access key id', async () => {
    const err = await notSent(sender({ accessKeyId: flip(accessKeyId) }).sendCode(PHONE, '1'));
    expect([err.reason, err.providerCode]).toEqual(['failed', 'InvalidAccessKeyId.NotFound']);
  });

  it('rejects an unsigned request (the fake does not accept anything)', async () => {
    const res = await fetch(`http://${settings.endpoint}/?PhoneNumbers=${PHONE}`, {
      method: 'POST',
      headers: { 'x-acs-action': 'SendSms' },
    });
    expect([res.status, await res.json()]).toMatchObject([400, { Code: 'IncompleteSignature' }]);
  });

  it.each(['isv.BUSINESS_LIMIT_CONTROL'])('maps %s to throttled', async (code) => {
    fake.failNext(code);
    const err = await notSent(sender().sendCode(PHONE, '1'));
    expect([err.reason, err.providerCode]).toEqual(['throttled', code]);
    expect(fake.sent).toEqual([]);
  });

  it.each([
    'isv.MOBILE_NUMBER_ILLEGAL',
    'isv.SMS_TEMPLATE_ILLEGAL',
    'isv.MONTH_LIMIT_CONTROL',
    'isv.DAY_LIMIT_CONTROL',
  ])('maps %s to failed', async (code) => {
    fake.failNext(code);
    const err = await notSent(sender().sendCode(PHONE, '1'));
    expect([err.reason, err.providerCode]).toEqual(['failed', code]);
  });

  it('sends again once the failures it was told to give are used up', async () => {
    fake.failNext('isv.BUSINESS_LIMIT_CONTROL', 2);
    await notSent(sender().sendCode(PHONE, '1'));
    await notSent(sender().sendCode(PHONE, '2'));
    await sender().sendCode(PHONE, '3');
    expect(fake.sent.map((s) => s.params)).toEqual([{ code: '3' }]);
  });

  it('maps an unreachable endpoint to failed', async () => {
    await fake.stop();
    const err = await notSent(sender().sendCode(PHONE, '1'));
    expect([err.reason, err.providerCode]).toEqual(['failed', 'NetworkError']);
  });
});

describe('through the chat door, with the provider chosen by settings', () => {
  const tencent = new FakeTencentSms('AKIDdoorSecretId', 'doorSecretKey0123456789');
  const aliyun = new FakeAliyunSms('LTAIdoorKeyId', 'doorKeySecret0123456789');
  let viaTencent: TestService;
  let viaAliyun: TestService;

  beforeAll(async () => {
    const [t, a] = await Promise.all([tencent.start(), aliyun.start()]);
    const common = { SMS_PROTOCOL: 'http' };
    // smsSender undefined: the service builds its sender from the settings, as in production.
    viaTencent = await startTestService(
      {
        ...common,
        SMS_PROVIDER: 'tencent',
        TENCENT_SMS_SECRET_ID: 'AKIDdoorSecretId',
        TENCENT_SMS_SECRET_KEY: 'doorSecretKey0123456789',
        TENCENT_SMS_SDK_APP_ID: '1400000001',
        TENCENT_SMS_SIGN_NAME: '会员小店',
        TENCENT_SMS_TEMPLATE_ID: '2000001',
        TENCENT_SMS_ENDPOINT: t.endpoint,
      },
      { smsSender: undefined },
    );
    viaAliyun = await startTestService(
      {
        ...common,
        SMS_PROVIDER: 'aliyun',
        ALIYUN_SMS_ACCESS_KEY_ID: 'LTAIdoorKeyId',
        ALIYUN_SMS_ACCESS_KEY_SECRET: 'doorKeySecret0123456789',
        ALIYUN_SMS_SIGN_NAME: '会员小店',
        ALIYUN_SMS_TEMPLATE_CODE: 'SMS_200001',
        ALIYUN_SMS_ENDPOINT: a.endpoint,
      },
      { smsSender: undefined },
    );
  });
  afterAll(async () => {
    await Promise.all([viaTencent?.stop(), viaAliyun?.stop(), tencent.stop(), aliyun.stop()]);
  });

  const one = async (svc: TestService, from: string, text: string) => (await svc.say(from, text)).join('\n');
  const liveCode = (from: string, phone: string) =>
    VerificationCodeModel.findById(`${phone}:http:${from}`).lean();

  it('Tencent: the code the member receives registers them', async () => {
    await one(viaTencent, 'sms-t1', '领卡');
    expect(await one(viaTencent, 'sms-t1', '13912340001')).toContain('验证码已发送');
    const sent = tencent.sent.at(-1)!;
    expect(sent).toMatchObject({ phone: '+8613912340001', signName: '会员小店', templateId: '2000001' });
    expect(await one(viaTencent, 'sms-t1', sent.params[0]!)).toContain('称呼');
  });

  it('Tencent: a throttled phone gets the clear reply and no code is left behind', async () => {
    tencent.failNext('LimitExceeded.PhoneNumberThirtySecondLimit');
    expect(await one(viaTencent, 'sms-t2', '绑定 13912340002')).toContain(
      '验证码发送太频繁，请 1 分钟后再试',
    );
    expect(await liveCode('sms-t2', '13912340002')).toBeNull();
    // Nothing the member types can pass as a code that was never sent.
    expect(await one(viaTencent, 'sms-t2', '123456')).not.toContain('绑定成功');
  });

  it('Aliyun: the code arrives with the template parameter; a refused send says SMS is down, leaving no code', async () => {
    await one(viaAliyun, 'sms-a1', '领卡');
    expect(await one(viaAliyun, 'sms-a1', '13912340003')).toContain('验证码已发送');
    const sent = aliyun.sent.at(-1)!;
    expect(sent).toMatchObject({ phone: '13912340003', signName: '会员小店', templateId: 'SMS_200001' });
    expect(await one(viaAliyun, 'sms-a1', sent.params.code!)).toContain('称呼');

    aliyun.failNext('isv.SMS_TEMPLATE_ILLEGAL');
    expect(await one(viaAliyun, 'sms-a2', '绑定 13912340004')).toContain('短信暂时发不出去');
    expect(await liveCode('sms-a2', '13912340004')).toBeNull();
    aliyun.failNext('isv.BUSINESS_LIMIT_CONTROL');
    expect(await one(viaAliyun, 'sms-a2', '绑定 13912340004')).toContain('验证码发送太频繁');
  });
});
