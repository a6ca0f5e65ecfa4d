// Writes the log lines a service writes about members (an object with phones, a sentence with one, an
// error whose message names one) through the real logger, at info level, to stdout.
process.env.LOG_LEVEL = 'info';
const { logger } = await import('../../src/infra/logger.js');
logger.info({ phone: '13800138000', member: { note: '转给 13900139000' } }, 'member 13700137000 paid');
logger.error(
  { err: new Error('no member with phone 13612345678'), path: '/api/members/13800138000' },
  'unhandled error',
);
logger.flush();
