// Creates bull queues on one Redis with one key prefix, so tests and instances can keep apart.
import Bull from 'bull';

export interface QueueSettings {
  redisUrl: string;
  /** bull key prefix; tests use their own. */
  prefix: string;
}

export function createQueue<T>(
  name: string,
  settings: QueueSettings,
  extra: Pick<Bull.QueueOptions, 'limiter'> = {},
): Bull.Queue<T> {
  return new Bull<T>(name, settings.redisUrl, {
    prefix: settings.prefix,
    defaultJobOptions: { removeOnComplete: 100, removeOnFail: 500 },
    ...extra,
  });
}
