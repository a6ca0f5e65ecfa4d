// `npm start`: runs Huiyuan with its defaults (embedded database and demo data when nothing is set).
import { loadConfig } from './config.js';
import { logger } from './infra/logger.js';
import { startService } from './service.js';

const config = loadConfig();
process.env.TZ = config.TZ;

try {
  const service = await startService(config);
  const curl =
    `curl -s -X POST ${service.url}/api/bot/messages -H 'Authorization: Bearer ${service.adminToken}' ` +
    `-H 'Content-Type: application/json' -d '{"channel":"http","messageId":"m1","from":{"id":"alice"},"chat":{"id":"alice","kind":"private"},"text":"查积分"}'`;
  console.log(
    [
      '',
      `Huiyuan is running at ${service.url}  (database: ${service.engine}; jobs: ${service.jobsRunning ? 'running' : 'PAUSED, no Redis'})`,
      `Admin token: ${service.adminToken}`,
      `Try:   curl -s ${service.url}/api/members?phone=13800138000 -H 'Authorization: Bearer ${service.adminToken}'`,
      `Chat:  ${curl}`,
      `API:   ${service.url}/api/openapi.json`,
      `Console: ${service.url}/console  (店长老李 signs in with 13500000003 and the code this log prints, or use the admin token)`,
      `Or chat in this terminal: npm run chat -- --as alice   (cashier: npm run chat -- --group store-1 --as cashier-1)`,
      ...Object.entries(service.demoSns ?? {}).map(
        ([name, sns]) => `Demo ${name} SNs to send in a chat: ${sns.join(' ')}`,
      ),
      '',
    ].join('\n'),
  );
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await service.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (err) {
  console.error(`\nHuiyuan could not start: ${(err as Error).message}\n`);
  process.exit(1);
}
