/**
 * Finds the instance a request names and checks the caller may use it (Decisions 9): an
 * account reaches only its own instances and a foreign one is simply "not found"; an
 * instance token reaches only its own instance; the service token reaches any instance,
 * named by its global id (names are unique only within an account).
 */
import { notFound } from "../../platform/errors.js";
import type { Principal } from "../auth/principal.js";
import type { InstanceRecord } from "./instance-model.js";
import type { InstanceStore } from "./instance-store.js";

export const INSTANCE_NOT_FOUND = "Instance not found";

export class InstanceAccess {
  constructor(private readonly store: InstanceStore) {}

  async resolve(
    principal: Principal,
    name: string,
    notFoundMessage = INSTANCE_NOT_FOUND,
  ): Promise<InstanceRecord> {
    const instance = await this.find(principal, name);
    if (instance === undefined) throw notFound(notFoundMessage);
    return instance;
  }

  /** The instance, or undefined where it does not exist or the caller may not use it. */
  async find(principal: Principal, name: string): Promise<InstanceRecord | undefined> {
    switch (principal.kind) {
      case "account":
        return this.store.findByName(principal.accountId, name);
      case "instance": {
        const own = await this.store.findById(principal.instanceId);
        return own?.name === name ? own : undefined;
      }
      case "service": {
        const byId = await this.store.findById(name);
        if (byId !== undefined) return byId;
        const byName = await this.store.findAllByName(name);
        return byName.length === 1 ? byName[0] : undefined;
      }
    }
  }
}
