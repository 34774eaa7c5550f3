/** The checks a route runs on the principal that request-auth left on the request. */
import type { FastifyRequest } from "fastify";
import type { InstanceAccess } from "../instances/access.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import { requireAccessTo, requireAccount } from "./auth-service.js";

export function accountOf(request: FastifyRequest): string {
  return requireAccount(request.principal, request.tokenPresented).accountId;
}

/** The instance named in the path, if the caller may use it. */
export function instanceOf(
  request: FastifyRequest,
  access: InstanceAccess,
  name: string,
  notFoundMessage?: string,
): Promise<InstanceRecord> {
  const principal = requireAccessTo(request.principal, request.tokenPresented, name);
  return access.resolve(principal, name, notFoundMessage);
}
