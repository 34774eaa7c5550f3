/**
 * A short-lived memory of token → principal, so a busy client's requests do not each
 * look their token up (issue 11: token resolution was several queries a request).
 *
 * Only known tokens are remembered: an unknown token is looked up every time, so a
 * token created a moment ago (a new instance, a rotation's answer) works at once. Every
 * change that ends a token in this process (a rotation, an instance or account
 * deleted) clears the cache before it answers, so such a token is refused with the next
 * request. Another process that shares the database (a second `api` role, the CLI)
 * learns of such a change within `ttlMs` at most; `ttlMs = 0` turns the cache off.
 */
import type { Clock } from "../../platform/clock.js";
import type { Principal } from "./principal.js";

/** Bounds the memory a flood of distinct valid tokens can take. */
const MAX_ENTRIES = 10_000;

interface Entry {
  principal: Principal;
  expiresAt: number;
}

export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  /** Counts clears: an answer looked up before the latest clear is not remembered. */
  private clears = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  get(tokenHash: string): Principal | undefined {
    const entry = this.entries.get(tokenHash);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.clock.now()) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.principal;
  }

  /** Pass to {@link set} the value read before the look-up began. */
  get generation(): number {
    return this.clears;
  }

  set(tokenHash: string, principal: Principal, generation: number): void {
    if (!this.enabled || generation !== this.clears) return;
    if (this.entries.size >= MAX_ENTRIES) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(tokenHash, { principal, expiresAt: this.clock.now() + this.ttlMs });
  }

  /**
   * Forgets everything. Token changes are rare next to requests, so a change clears the
   * whole cache rather than work out which entries it touched (an account's deletion
   * ends its instances' tokens too).
   */
  clear(): void {
    this.clears += 1;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
