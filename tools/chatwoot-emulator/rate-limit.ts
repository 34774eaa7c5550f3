/**
 * Chatwoot's Rack::Attack throttles that matter to an API client
 * (config/initializers/rack_attack.rb): every request counts against
 * RACK_ATTACK_LIMIT per IP per minute (3000), and contact search against
 * RATE_LIMIT_CONTACT_SEARCH per account per minute (100). Fixed windows, like
 * Rack::Attack's cache counters; throttled requests get 429 "Retry later\n".
 * Rack::Attack is on in production by default (ENABLE_RACK_ATTACK), so it is here.
 */
export interface RateLimitConfig {
  enabled: boolean;
  perIpPerMinute: number;
  contactSearchPerMinute: number;
  /** Window length; one minute in Chatwoot, shorter only to test quickly. */
  periodMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = {
  enabled: true,
  perIpPerMinute: 3000,
  contactSearchPerMinute: 100,
  periodMs: 60_000,
};

const CONTACT_SEARCH = /\/api\/v1\/accounts\/(\d+)\/contacts\/search/;

export interface Throttle {
  limited: boolean;
  retryAfterSeconds: number;
}

export class RateLimiter {
  private counters = new Map<string, number>();

  constructor(
    private config: RateLimitConfig,
    private readonly now: () => number,
  ) {}

  configure(patch: Partial<RateLimitConfig>): RateLimitConfig {
    this.config = { ...this.config, ...patch };
    this.counters.clear();
    return this.config;
  }

  current(): RateLimitConfig {
    return { ...this.config };
  }

  /** Counts the request against each matching throttle, stopping at the first hit. */
  check(ip: string, path: string): Throttle {
    if (!this.config.enabled) return { limited: false, retryAfterSeconds: 0 };
    const now = this.now();
    const period = this.config.periodMs;
    const window = Math.floor(now / period);
    const retryAfterSeconds = Math.ceil((period - (now % period)) / 1000);
    const throttles: [string, number][] = [[`req/ip:${ip}`, this.config.perIpPerMinute]];
    const search = CONTACT_SEARCH.exec(path);
    if (search?.[1])
      throttles.push([`contacts/search:${search[1]}`, this.config.contactSearchPerMinute]);
    for (const [name, limit] of throttles) {
      const key = `${window}:${name}`;
      const count = (this.counters.get(key) ?? 0) + 1;
      this.counters.set(key, count);
      if (count > limit) return { limited: true, retryAfterSeconds };
    }
    this.prune(window);
    return { limited: false, retryAfterSeconds };
  }

  private prune(window: number): void {
    if (this.counters.size < 1000) return;
    for (const key of this.counters.keys()) {
      if (!key.startsWith(`${window}:`)) this.counters.delete(key);
    }
  }
}
