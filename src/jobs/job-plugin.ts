// A job is a plug-in, the way a channel is: one declaration names its queue, when it runs by itself, the
// work it does, and the port it gives the rest of the service (over its queue, or in the process when
// Redis is away). src/jobs/jobs.ts lists them; `openJobQueues` and `startJobs` wire every one alike.
import type Bull from 'bull';
import type { Config } from '../config.js';
import type { Logger } from '../infra/logger.js';
import type { Checkout } from '../domain/checkout/checkout.js';
import type { CardSyncPort, MemberCards } from '../domain/cards/member-cards.js';
import type { OnlineRecharge } from '../domain/payments/online-recharge.js';
import type { NoticeService } from '../domain/notifications/notice-service.js';
import type { LevelJobs } from '../domain/programme/level-jobs.js';
import type { CampaignJobs } from '../domain/marketing/campaign-jobs.js';
import type { ImportJobs } from '../domain/imports/import-jobs.js';
import { createQueue, type QueueSettings } from './queue-factory.js';

/** When a job runs by itself: a cron line in a time zone, or every so many milliseconds. */
export type Schedule = { cron: string; tz: string } | { every: number };

export interface ScheduledRun<Data> {
  /** The repeating job's id: adding it again at every start schedules it once. */
  id: string;
  data: Data;
  schedule: Schedule;
}

/** A member whose commit could not finish, to be rolled forward soon. */
export interface LedgerRepairs {
  repair(memberId: string): void;
}

/** The ports jobs give the doors and the domain. */
export interface JobPorts {
  levelJobs: LevelJobs;
  campaigns: CampaignJobs;
  imports: ImportJobs;
  /** Only with Redis: without it, the hourly pass is gone too and the next start repairs. */
  repairs?: LedgerRepairs;
  cardSync: CardSyncPort;
}

/** What a job's work may use: the domain's services, built before the jobs start. */
export interface JobNeeds {
  config: Config;
  notices: NoticeService;
  /** The only way a job moves money or points. */
  checkout: Checkout;
  cards: MemberCards;
  payments: OnlineRecharge;
  log: Logger;
  /** Ports other jobs give (the morning round starts campaigns). */
  ports: JobPorts;
}

type Provider<Data, K extends keyof JobPorts> = {
  port: K;
  /** The port over the job's queue: it only adds jobs, so it exists before the domain does. */
  queued(queue: Bull.Queue<Data>): NonNullable<JobPorts[K]>;
  /** The same work in the process, for a service without Redis. */
  inline?(needs: JobNeeds): NonNullable<JobPorts[K]>;
};

export interface JobPlugin<Data = Record<string, never>> {
  /** The queue's name. */
  name: string;
  /** Why it cannot run on this service (said once at start; the job is left out), or null. */
  unavailable?(config: Config): string | null;
  schedules?(config: Config): ScheduledRun<Data>[];
  /** Jobs added at every start (a catch-up pass). */
  atStart?(): Data[];
  process(job: Bull.Job<Data>, needs: JobNeeds): Promise<unknown>;
  provides?: { [K in keyof JobPorts]: Provider<Data, K> }[keyof JobPorts];
  /** Told when a run fails for good (besides the queue's own record). */
  failed?(err: Error, needs: JobNeeds): void;
}

// A list of plug-ins of different data types; each is only ever handed its own jobs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobPlugin = JobPlugin<any>;

export interface OpenedJobs {
  /** The queue of every plug-in that runs here (none without Redis). */
  queues: Map<AnyJobPlugin, Bull.Queue>;
  /** Ports over those queues. */
  queued: Partial<JobPorts>;
}

/** Opens every available plug-in's queue (with Redis), so ports that only add jobs exist early. */
export function openJobQueues(
  plugins: readonly AnyJobPlugin[],
  settings: QueueSettings | null,
  config: Config,
  log: Logger,
): OpenedJobs {
  const queues = new Map<AnyJobPlugin, Bull.Queue>();
  const queued: Partial<JobPorts> = {};
  if (!settings) return { queues, queued };
  for (const plugin of plugins) {
    const reason = plugin.unavailable?.(config);
    if (reason) {
      log.warn(`no ${plugin.name} job: ${reason}`);
      continue;
    }
    const queue = createQueue(plugin.name, settings);
    queues.set(plugin, queue);
    if (plugin.provides) Object.assign(queued, { [plugin.provides.port]: plugin.provides.queued(queue) });
  }
  return { queues, queued };
}

/** Starts processing and scheduling; the ports without a queue run in the process. */
export async function startJobs(
  plugins: readonly AnyJobPlugin[],
  opened: OpenedJobs,
  needs: Omit<JobNeeds, 'ports'>,
): Promise<JobPorts> {
  const ports = { ...opened.queued } as JobPorts;
  const all: JobNeeds = { ...needs, ports };
  for (const plugin of plugins) {
    const provider = plugin.provides;
    if (provider && !opened.queues.has(plugin) && provider.inline)
      Object.assign(ports, { [provider.port]: provider.inline(all) });
  }
  for (const [plugin, queue] of opened.queues) {
    void queue.process((job) => plugin.process(job, all));
    if (plugin.failed) queue.on('failed', (_job, err) => plugin.failed!(err, all));
    for (const data of plugin.atStart?.() ?? []) await queue.add(data, { jobId: `startup-${Date.now()}` });
    const schedules = plugin.schedules?.(needs.config) ?? [];
    for (const { id, data, schedule } of schedules) await queue.add(data, { repeat: schedule, jobId: id });
    // A schedule renamed or dropped in a new version would otherwise go on running from Redis.
    const declared = (old: Bull.JobInformation) =>
      schedules.some(({ id, schedule }) =>
        'every' in schedule
          ? old.id === id && Number(old.every) === schedule.every
          : old.id === id && old.cron === schedule.cron && old.tz === schedule.tz,
      );
    for (const old of await queue.getRepeatableJobs())
      if (!declared(old)) await queue.removeRepeatableByKey(old.key);
  }
  return ports;
}
