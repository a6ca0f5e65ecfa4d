// The domain's throttles, counted in Redis (shared by every process) with an in-memory fallback.
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Throttle, Throttles } from '../domain/throttle.js';

interface Limit {
  points: number;
  seconds: number;
}

export const LIMITS: Record<keyof Throttles, Limit> = {
  snGuess: { points: 10, seconds: 10 * 60 },
  codeSendPerPhone: { points: 5, seconds: 60 * 60 },
  codeSendPerIdentity: { points: 5, seconds: 60 * 60 },
  secretCheck: { points: 20, seconds: 10 * 60 },
  complaint: { points: 5, seconds: 60 * 60 },
  wrongCodePerPhone: { points: 20, seconds: 60 * 60 },
  staffSnLookup: { points: 60, seconds: 10 * 60 },
};

function throttle(limiter: RateLimiterAbstract): Throttle {
  return {
    async allow(key) {
      try {
        await limiter.consume(key);
        return true;
      } catch (res) {
        if (res instanceof RateLimiterRes) return false;
        throw res;
      }
    },
  };
}

export function createThrottles(redis: Redis | undefined, prefix: string): Throttles {
  const make = (name: keyof Throttles) => {
    const { points, seconds } = LIMITS[name];
    const memory = new RateLimiterMemory({ points, duration: seconds, keyPrefix: `${prefix}:${name}` });
    return throttle(
      redis
        ? new RateLimiterRedis({
            storeClient: redis,
            points,
            duration: seconds,
            keyPrefix: `${prefix}:${name}`,
            insuranceLimiter: memory,
          })
        : memory,
    );
  };
  return {
    snGuess: make('snGuess'),
    codeSendPerPhone: make('codeSendPerPhone'),
    codeSendPerIdentity: make('codeSendPerIdentity'),
    secretCheck: make('secretCheck'),
    complaint: make('complaint'),
    wrongCodePerPhone: make('wrongCodePerPhone'),
    staffSnLookup: make('staffSnLookup'),
  };
}
