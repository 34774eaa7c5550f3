/**
 * Fixed one-minute windows counted per key (spec Decisions 8). The in-memory counter
 * serves one process; the Redis counter shares buckets between processes.
 */
import type { Redis } from "ioredis";
import type { Clock } from "../../platform/clock.js";

export interface WindowCount {
  /** Requests counted in the current window, this one included. */
  count: number;
  /** Unix milliseconds at which the window ends. */
  resetAt: number;
}

export interface RateLimiter {
  hit(key: string, windowMs: number): Promise<WindowCount>;
  close(): Promise<void>;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, WindowCount>();
  private sweptAt = 0;

  constructor(private readonly clock: Clock) {}

  hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.clock.now();
    const resetAt = (Math.floor(now / windowMs) + 1) * windowMs;
    this.sweep(now, windowMs);
    const current = this.windows.get(key);
    const next =
      current === undefined || current.resetAt !== resetAt
        ? { count: 1, resetAt }
        : { count: current.count + 1, resetAt };
    this.windows.set(key, next);
    return Promise.resolve(next);
  }

  close(): Promise<void> {
    this.windows.clear();
    return Promise.resolve();
  }

  /** Forgets finished windows at most once a window, so memory stays bounded. */
  private sweep(now: number, windowMs: number): void {
    if (now - this.sweptAt < windowMs) return;
    this.sweptAt = now;
    for (const [key, window] of this.windows) {
      if (window.resetAt <= now) this.windows.delete(key);
    }
  }
}

const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly clock: Clock,
    private readonly prefix: string,
  ) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.clock.now();
    const window = Math.floor(now / windowMs);
    const resetAt = (window + 1) * windowMs;
    // A relative expiry, a little past the window: Redis's own clock never matters, and
    // the window's key is named by its number, so processes agree on it.
    const count = await this.redis.eval(
      INCREMENT_SCRIPT,
      1,
      `${this.prefix}rl:${key}:${window}`,
      String(resetAt - now + 1000),
    );
    return { count: Number(count), resetAt };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
