// Runtime configuration: every setting comes from the environment (a .env file is read if present).
import 'dotenv/config';
import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MONGODB_URI: optional,
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** The bull queues' key prefix: two deployments sharing one Redis need different ones. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .default('huiyuan'),
  ADMIN_TOKEN: optional,
  /** Without MONGODB_URI: the embedded FerretDB keeps data in SQLite files (default) or in PostgreSQL. */
  FERRETDB_BACKEND: z.enum(['sqlite', 'postgresql']).default('sqlite'),
  FERRETDB_POSTGRESQL_URL: optional,
  /** Bearer token Prometheus scrapes /metrics with; without it, the admin token. */
  METRICS_TOKEN: optional,
  DATA_DIR: z.string().default('.data'),
  /**
   * Connections (so commands at once) from this process to the database. With FerretDB on PostgreSQL the
   * sum over all processes must stay below FerretDB's pool_max_conns (50 unless set; ours sets 80): an
   * update holds one of its connections while asking for another, and with all of them held it stalls.
   */
  MONGODB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  LOG_LEVEL: z.string().default('info'),
  /** Largest single amount accepted anywhere, in fen (default 50,000.00 yuan). */
  MAX_AMOUNT_FEN: z.coerce.number().int().positive().default(5_000_000),
  /** Amounts above this in a chat command wait for 确认 (default 2,000.00 yuan). */
  CONFIRM_ABOVE_FEN: z.coerce.number().int().positive().default(200_000),
  LOAD_DEMO: z
    .enum(['auto', 'always', 'never'])
    .default('auto')
    .describe('auto: load demo fixtures into an empty database'),
  WECHAT_TOKEN: optional,
  WECHAT_APPID: optional,
  WECHAT_APPSECRET: optional,
  WECHAT_AES_KEY: optional,
  WECHAT_AES_KEY_PREVIOUS: optional,
  /** With an AES key, safe mode is required unless this says 'compatible' (plain messages accepted too). */
  WECHAT_MESSAGE_MODE: z.enum(['safe', 'compatible']).default('safe'),
  WECHAT_API_BASE: z.string().default('https://api.weixin.qq.com'),
  /** The member card in WeChat's 卡包 (needs WECHAT_APPID and WECHAT_APPSECRET): 'on' or 'off'. */
  WECHAT_CARD: z.enum(['on', 'off']).default('off'),
  /** What the card shows: the shop's name (≤ 12 characters), logo (an mmbiz.qpic.cn URL), colour. */
  SHOP_NAME: z.string().max(12).default('会员中心'),
  CARD_LOGO_URL: z.string().default('https://mmbiz.qpic.cn/mmbiz/logo'),
  CARD_COLOR: z
    .string()
    .regex(/^(Color0[1-9]0|Color100)$/)
    .default('Color010'),
  /** This service's public base URL (https://…), for the card's activation form page. */
  PUBLIC_URL: optional,
  /** Template for notices outside the 48-hour customer-service window (one {{content.DATA}} field). */
  WECHAT_TEMPLATE_ID: optional,
  /**
   * WeChat Pay API v3 for online recharge (线上充值): all of MCHID, SERIAL_NO, PRIVATE_KEY_PATH, APIV3_KEY,
   * and the WeChat Pay public key (PUBLIC_KEY_ID + PUBLIC_KEY_PATH) and/or a platform certificate's
   * public key (PLATFORM_SERIAL + PLATFORM_KEY_PATH); without them the feature is off.
   */
  WECHATPAY_MCHID: optional,
  WECHATPAY_APPID: optional,
  WECHATPAY_SERIAL_NO: optional,
  WECHATPAY_PRIVATE_KEY_PATH: optional,
  WECHATPAY_APIV3_KEY: optional,
  WECHATPAY_PUBLIC_KEY_ID: optional,
  WECHATPAY_PUBLIC_KEY_PATH: optional,
  WECHATPAY_PLATFORM_SERIAL: optional,
  WECHATPAY_PLATFORM_KEY_PATH: optional,
  WECHATPAY_API_BASE: z.string().default('https://api.mch.weixin.qq.com'),
  /** Online recharge limits, in fen, and how long an order may be paid. */
  ONLINE_RECHARGE_MIN_FEN: z.coerce.number().int().positive().default(1_000),
  ONLINE_RECHARGE_MAX_FEN: z.coerce.number().int().positive().default(500_000),
  ONLINE_RECHARGE_PAY_MINUTES: z.coerce.number().int().min(5).max(120).default(30),
  /** Where verification codes go: the log (default, for demos), Tencent Cloud SMS or Aliyun SMS. */
  SMS_PROVIDER: z.enum(['log', 'tencent', 'aliyun']).default('log'),
  TENCENT_SMS_SECRET_ID: optional,
  TENCENT_SMS_SECRET_KEY: optional,
  TENCENT_SMS_REGION: z.string().default('ap-guangzhou'),
  TENCENT_SMS_SDK_APP_ID: optional,
  TENCENT_SMS_SIGN_NAME: optional,
  TENCENT_SMS_TEMPLATE_ID: optional,
  /** host[:port] of the API (default sms.tencentcloudapi.com); tests point it at a local fake. */
  TENCENT_SMS_ENDPOINT: optional,
  ALIYUN_SMS_ACCESS_KEY_ID: optional,
  ALIYUN_SMS_ACCESS_KEY_SECRET: optional,
  ALIYUN_SMS_SIGN_NAME: optional,
  ALIYUN_SMS_TEMPLATE_CODE: optional,
  /** host[:port] of the API (default dysmsapi.aliyuncs.com). */
  ALIYUN_SMS_ENDPOINT: optional,
  /** https unless a local fake says http. */
  SMS_PROTOCOL: z.enum(['https', 'http']).default('https'),
  TELEGRAM_BOT_TOKEN: optional,
  TELEGRAM_WEBHOOK_URL: optional,
  TELEGRAM_API_ROOT: optional,
  /** Secret path and secret-token header of the Telegram webhook (generated into DATA_DIR when unset). */
  TELEGRAM_WEBHOOK_SECRET: optional,
  WECHATY_PUPPET: optional,
  TZ: z.string().default('Asia/Shanghai'),
  /** Where backups are written (npm run backup and the daily job); DATA_DIR/backups when unset. */
  BACKUP_DIR: optional,
  /** The daily backup's time, Beijing, HH:mm; and how many backups of the database are kept. */
  BACKUP_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm')
    .default('03:30'),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(14),
  /** For a FerretDB not started by us: its --sqlite-url folder, or its PostgreSQL database. */
  BACKUP_SQLITE_DIR: optional,
  BACKUP_POSTGRESQL_URL: optional,
  /** The database to back up when it is not the one MONGODB_URI names (default huiyuan). */
  BACKUP_DATABASE: optional,
});

/** The settings each SMS provider cannot work without. */
const SMS_REQUIRED = {
  log: [],
  tencent: [
    'TENCENT_SMS_SECRET_ID',
    'TENCENT_SMS_SECRET_KEY',
    'TENCENT_SMS_SDK_APP_ID',
    'TENCENT_SMS_SIGN_NAME',
    'TENCENT_SMS_TEMPLATE_ID',
  ],
  aliyun: [
    'ALIYUN_SMS_ACCESS_KEY_ID',
    'ALIYUN_SMS_ACCESS_KEY_SECRET',
    'ALIYUN_SMS_SIGN_NAME',
    'ALIYUN_SMS_TEMPLATE_CODE',
  ],
} as const;

/** WeChat Pay is all or nothing: with a merchant id, everything it needs to sign, verify and be reached. */
function checkWechatPay(config: z.infer<typeof schema>): Array<[string, string]> {
  if (!config.WECHATPAY_MCHID) return [];
  const missing: Array<[string, string]> = [];
  for (const name of [
    'WECHATPAY_SERIAL_NO',
    'WECHATPAY_PRIVATE_KEY_PATH',
    'WECHATPAY_APIV3_KEY',
    'PUBLIC_URL',
  ] as const)
    if (!config[name]) missing.push([name, 'needed with WECHATPAY_MCHID']);
  if (!config.WECHATPAY_APPID && !config.WECHAT_APPID) missing.push(['WECHATPAY_APPID', 'or WECHAT_APPID']);
  if (config.WECHATPAY_APIV3_KEY && config.WECHATPAY_APIV3_KEY.length !== 32)
    missing.push(['WECHATPAY_APIV3_KEY', 'is 32 characters']);
  const publicKey = config.WECHATPAY_PUBLIC_KEY_ID && config.WECHATPAY_PUBLIC_KEY_PATH;
  const platform = config.WECHATPAY_PLATFORM_SERIAL && config.WECHATPAY_PLATFORM_KEY_PATH;
  if (!publicKey && !platform)
    missing.push(['WECHATPAY_PUBLIC_KEY_ID', 'and _PATH (or WECHATPAY_PLATFORM_SERIAL and _KEY_PATH)']);
  return missing;
}

const checkedSchema = schema.superRefine((config, ctx) => {
  for (const [name, message] of checkWechatPay(config))
    ctx.addIssue({ code: 'custom', path: [name], message });
  for (const name of SMS_REQUIRED[config.SMS_PROVIDER]) {
    if (!config[name])
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `needed with SMS_PROVIDER=${config.SMS_PROVIDER}`,
      });
  }
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = checkedSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
