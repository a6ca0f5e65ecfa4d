// Leader election among instances for the parts that must run once (Telegram long polling, a Wechaty
// login): a Redis key set only if absent, with an expiry the leader keeps renewing. If the leader stops
// renewing (stopped, crashed, cut off from Redis), the key expires and another instance takes over
// within one expiry. A leader that cannot renew steps down at once, so two never run together for long.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { logger } from './logger.js';

// Renew or release only while the key still names us.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface LeaderRole {
  /** Called when this instance becomes the leader. */
  elected(): Promise<void>;
  /** Called when it stops being the leader (lost the key, or stopping). */
  deposed(): Promise<void>;
}

export class Leadership {
  private readonly id = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private leading = false;
  private ticking = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly role: LeaderRole,
    private readonly ttlMs = 15_000,
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    const tick = () => {
      this.ticking = this.ticking.then(() => this.tick());
    };
    tick();
    this.timer = setInterval(tick, Math.max(50, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
    if (!this.leading) return;
    this.leading = false;
    await this.role.deposed();
    await this.redis.eval(RELEASE, 1, this.key, this.id).catch(() => undefined);
  }

  private async tick(): Promise<void> {
    try {
      if (this.leading) {
        if (Number(await this.redis.eval(RENEW, 1, this.key, this.id, String(this.ttlMs))) === 1) return;
        this.leading = false;
        logger.warn({ key: this.key }, 'leadership lost');
        await this.role.deposed();
        return;
      }
      if ((await this.redis.set(this.key, this.id, 'PX', this.ttlMs, 'NX')) === 'OK') {
        this.leading = true;
        logger.info({ key: this.key }, 'elected leader');
        await this.role.elected();
      }
    } catch (err) {
      // Redis did not answer, or the role failed to start: step down rather than risk running twice.
      if (this.leading) {
        this.leading = false;
        logger.warn({ key: this.key, err: (err as Error).message }, 'leadership dropped');
        await this.role.deposed().catch(() => undefined);
      }
    }
  }
}
