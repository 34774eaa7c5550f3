/**
 * The checks every route of the Chatwoot module runs, in this order and before its body
 * is even parsed: the token (401/403), the module (503 `integration gateway not
 * configured`, Decision 3), the instance (404 `instance not found`). They run in a
 * route-level onRequest hook, after the global one that resolves the token; the handler
 * then reads the instance the hook resolved.
 */
import type { FastifyRequest } from "fastify";
import { requireAccessTo } from "../auth/auth-service.js";
import type { InstanceAccess } from "../instances/access.js";
import { instanceOf } from "../instances/instance-guard.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import { INSTANCE_NOT_FOUND } from "./chatwoot-errors.js";
import { chatwootParams } from "./chatwoot-schemas.js";

export interface ChatwootGuard {
  /** The onRequest hook of every route of the module. */
  readonly guard: (request: FastifyRequest) => Promise<void>;
  /** The instance the hook resolved for this request. */
  readonly instanceFor: (request: FastifyRequest) => InstanceRecord;
}

export function chatwootGuard(access: InstanceAccess, requireGateway: () => void): ChatwootGuard {
  const resolved = new WeakMap<FastifyRequest, InstanceRecord>();
  return {
    guard: async (request) => {
      const { instance: name } = chatwootParams.parse(request.params);
      requireAccessTo(request.principal, request.tokenPresented, name);
      requireGateway();
      resolved.set(request, await instanceOf(request, access, name, INSTANCE_NOT_FOUND));
    },
    instanceFor: (request) => {
      const instance = resolved.get(request);
      // Unreachable: the guard runs before every handler of this module.
      if (instance === undefined) throw new Error("chatwoot route guard did not run");
      return instance;
    },
  };
}
