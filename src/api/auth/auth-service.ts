import { randomUUID } from "node:crypto";
import type { Clock } from "../../platform/clock.js";
import { fixedLengthEqual, hashToken, newToken } from "../../platform/crypto.js";
import { AppError, forbidden, unauthorized } from "../../platform/errors.js";
import { parseOrigin } from "./origins.js";
import type { Principal, PresentedToken } from "./principal.js";
import type { AccountRecord, AccountStore } from "./account-store.js";
import { PrincipalCache } from "./principal-cache.js";

export const MISSING_TOKEN = "Missing token in header, Authorization header, or query parameter";
export const INVALID_TOKEN = "Invalid token";
export const TOKEN_MISMATCH = "Instance token does not match this instance";

export class AuthService {
  private readonly cache: PrincipalCache;
  /**
   * BRIDGE_TOKEN's hash. A presented token is hashed for its look-up anyway, and two
   * hashes have one length whatever the tokens', so comparing the hashes costs no
   * further hash and reveals no length.
   */
  private readonly serviceTokenHash: string | undefined;

  constructor(
    private readonly accounts: AccountStore,
    private readonly clock: Clock,
    /** BRIDGE_TOKEN, accepted as a service credential for every instance. */
    serviceToken: string | undefined,
    /** AUTH_CACHE_TTL_MS: how long a resolved token is remembered; 0 never. */
    cacheTtlMs = 0,
  ) {
    this.cache = new PrincipalCache(clock, cacheTtlMs);
    this.serviceTokenHash = serviceToken === undefined ? undefined : hashToken(serviceToken);
  }

  /**
   * Forgets every remembered token. Whatever ends a token in this process (a rotation,
   * an instance's or account's deletion) calls it once the change is stored.
   */
  forgetTokens(): void {
    this.cache.clear();
  }

  /** Creates an account; its token is returned once and only its hash is kept. */
  async createAccount(
    name: string,
    maxInstances: number,
  ): Promise<AccountRecord & { token: string }> {
    const token = newToken("acc_");
    const account: AccountRecord = {
      id: randomUUID(),
      name,
      maxInstances,
      createdAt: new Date(this.clock.now()).toISOString(),
    };
    await this.accounts.create(account, hashToken(token));
    return { ...account, token };
  }

  /** Sets the browser origins allowed to use the account's tokens; false if no such account. */
  setOrigins(accountId: string, origins: string[]): Promise<boolean> {
    return this.accounts.setOrigins(accountId, origins.map(parseOrigin));
  }

  /** A new TokenAccount, returned once; the old one stops working at once. */
  async rotateAccountToken(accountId: string): Promise<string | undefined> {
    const token = newToken("acc_");
    const replaced = await this.accounts.replaceTokenHash(accountId, hashToken(token));
    this.forgetTokens();
    return replaced ? token : undefined;
  }

  async deleteAccount(accountId: string): Promise<boolean> {
    const deleted = await this.accounts.delete(accountId);
    this.forgetTokens();
    return deleted;
  }

  findAccount(accountId: string): Promise<AccountRecord | undefined> {
    return this.accounts.findById(accountId);
  }

  origins(accountId: string): Promise<string[]> {
    return this.accounts.origins(accountId);
  }

  listAccounts(): Promise<AccountRecord[]> {
    return this.accounts.list();
  }

  /** The principal behind a token, or undefined when the token is unknown. */
  async resolve(token: PresentedToken): Promise<Principal | undefined> {
    const tokenHash = hashToken(token.value);
    if (this.serviceTokenHash !== undefined && fixedLengthEqual(tokenHash, this.serviceTokenHash)) {
      return { kind: "service", tokenHash };
    }
    const cached = this.cache.get(tokenHash);
    if (cached !== undefined) return cached;
    // A token ended while this look-up runs must not be remembered from its answer.
    const generation = this.cache.generation;
    const principal = await this.lookUp(tokenHash);
    if (principal !== undefined) this.cache.set(tokenHash, principal, generation);
    return principal;
  }

  private async lookUp(tokenHash: string): Promise<Principal | undefined> {
    // The look-up is by hash, an indexed equality on a value an attacker cannot steer
    // towards a stored one; no timing difference leaks the token itself.
    const owner = await this.accounts.findTokenOwner(tokenHash);
    if (owner === undefined) return undefined;
    if (owner.kind === "account") return { kind: "account", accountId: owner.accountId, tokenHash };
    return {
      kind: "instance",
      accountId: owner.accountId,
      instanceId: owner.instanceId ?? "",
      instanceName: owner.instanceName ?? "",
      tokenHash,
    };
  }
}

/**
 * The caller must hold a TokenAccount (instance creation, deletion). A valid token of
 * another kind keeps the documented `Invalid token` body and says in WWW-Authenticate
 * (RFC 6750) which kind the route needs.
 */
export function requireAccount(
  principal: Principal | undefined,
  presented: boolean,
): { kind: "account"; accountId: string } {
  if (principal === undefined) throw unauthorized(presented ? INVALID_TOKEN : MISSING_TOKEN);
  if (principal.kind !== "account") {
    const sent = principal.kind === "instance" ? "a TokenInstance" : "the service token";
    throw new AppError(401, INVALID_TOKEN, {
      "www-authenticate": `Bearer error="invalid_token", error_description="this route needs a TokenAccount; ${sent} was sent"`,
    });
  }
  return principal;
}

/** Any valid token; an instance token must name its own instance. */
export function requireAccessTo(
  principal: Principal | undefined,
  presented: boolean,
  instanceName: string,
): Principal {
  if (principal === undefined) throw unauthorized(presented ? INVALID_TOKEN : MISSING_TOKEN);
  if (principal.kind === "instance" && principal.instanceName !== instanceName) {
    throw forbidden(TOKEN_MISMATCH);
  }
  return principal;
}
