/**
 * Replacing a credential (issue 14, item 8): a new random token is returned once and
 * the old one stops working with the next request: the token cache of this process is
 * cleared once the new hash is stored (other processes see it within AUTH_CACHE_TTL_MS).
 */
import type { SecretBox } from "../../platform/crypto.js";
import { hashToken, newToken } from "../../platform/crypto.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import type { InstanceStore } from "../instances/instance-store.js";
import type { AuthService } from "./auth-service.js";

export class TokenRotation {
  constructor(
    private readonly auth: AuthService,
    private readonly instances: InstanceStore,
    private readonly secrets: SecretBox,
  ) {}

  /** The account's new TokenAccount, or undefined when there is no such account. */
  account(accountId: string): Promise<string | undefined> {
    return this.auth.rotateAccountToken(accountId);
  }

  /** The instance's new TokenInstance, or undefined when the instance is gone. */
  async instance(instance: InstanceRecord): Promise<string | undefined> {
    const token = newToken("ins_");
    const replaced = await this.instances.replaceToken(
      instance.id,
      hashToken(token),
      this.secrets.seal(token),
    );
    this.auth.forgetTokens();
    return replaced ? token : undefined;
  }
}
