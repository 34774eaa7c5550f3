/**
 * Which browser origins may use the API (spec 3: "origins authorized for the account").
 * A deployment-wide list (CORS_ORIGINS, `*` for any) plus each account's own list. A
 * preflight carries no token, so the CORS layer admits an origin that any account
 * allows; the request itself, once its token is known, must come from an origin its own
 * account allows (or the deployment list), else 403. Lists are cached for 30 s.
 */
import type { Clock } from "../../platform/clock.js";
import type { AccountStore } from "./account-store.js";

export const ORIGIN_NOT_ALLOWED = "Origin not allowed for this account";
const CACHE_MS = 30_000;

export function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, "").toLowerCase();
}

/**
 * An origin as a browser sends it (`http(s)://host[:port]`), normalized; anything else
 * (`javascript:…`, a path, credentials, `*`) is refused with an error that says so.
 */
export function parseOrigin(text: string): string {
  const origin = normalizeOrigin(text);
  const problem = `"${text.trim()}" is not an origin: expected http(s)://host[:port]`;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new Error(problem);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== origin)
    throw new Error(problem);
  return origin;
}

interface Cached {
  at: number;
  origins: Set<string>;
}

export class OriginPolicy {
  private readonly deployment: Set<string>;
  private readonly any: boolean;
  private everyAccount: Cached | undefined;
  private readonly perAccount = new Map<string, Cached>();

  constructor(
    private readonly accounts: AccountStore,
    deploymentOrigins: string[],
    private readonly clock: Clock,
  ) {
    this.any = deploymentOrigins.includes("*");
    this.deployment = new Set(deploymentOrigins.map(normalizeOrigin));
  }

  /** For the CORS layer: may a page from `origin` call the API at all? */
  async mayCall(origin: string): Promise<boolean> {
    const key = normalizeOrigin(origin);
    if (this.any || this.deployment.has(key)) return true;
    const fresh = this.fresh(this.everyAccount);
    this.everyAccount = fresh ?? {
      at: this.clock.now(),
      origins: new Set((await this.accounts.allOrigins()).map(normalizeOrigin)),
    };
    return this.everyAccount.origins.has(key);
  }

  /** After authentication: may the account's tokens be used from `origin`? */
  async allowsFor(accountId: string, origin: string): Promise<boolean> {
    const key = normalizeOrigin(origin);
    if (this.any || this.deployment.has(key)) return true;
    let cached = this.fresh(this.perAccount.get(accountId));
    if (cached === undefined) {
      cached = {
        at: this.clock.now(),
        origins: new Set((await this.accounts.origins(accountId)).map(normalizeOrigin)),
      };
      this.perAccount.set(accountId, cached);
    }
    return cached.origins.has(key);
  }

  private fresh(cached: Cached | undefined): Cached | undefined {
    return cached !== undefined && this.clock.now() - cached.at < CACHE_MS ? cached : undefined;
  }
}
