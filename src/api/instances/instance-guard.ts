/**
 * The check a route runs before acting on the instance named in its path. It lives with
 * the instances rather than in auth: auth knows callers and tokens, instances know who
 * may use which instance, so the dependency runs one way only (instances → auth).
 */
import type { FastifyRequest } from "fastify";
import { requireAccessTo } from "../auth/auth-service.js";
import type { InstanceAccess } from "./access.js";
import type { InstanceRecord } from "./instance-model.js";

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
