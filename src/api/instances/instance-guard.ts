/**
 * The check a route runs before acting on the instance named in its path. It lives with
 * the instances rather than in auth: auth knows callers and tokens, instances know who
 * may use which instance, so the dependency runs one way only (instances → auth).
 */
import type { FastifyRequest } from "fastify";
import { notFound } from "../../platform/errors.js";
import { requireAccessTo } from "../auth/auth-service.js";
import { INSTANCE_NOT_FOUND, type InstanceAccess } from "./access.js";
import type { InstanceRecord } from "./instance-model.js";

/**
 * What each request has looked up, by instance name. A request can ask more than once
 * (a hook that forwards it to the instance's holder, then its route): the instance is
 * read once, and the request acts on that one reading throughout.
 */
const lookedUp = new WeakMap<FastifyRequest, Map<string, Promise<InstanceRecord | undefined>>>();

/** The instance named in the path, if the caller may use it. */
export async function instanceOf(
  request: FastifyRequest,
  access: InstanceAccess,
  name: string,
  notFoundMessage = INSTANCE_NOT_FOUND,
): Promise<InstanceRecord> {
  const principal = requireAccessTo(request.principal, request.tokenPresented, name);
  let found = lookedUp.get(request);
  if (found === undefined) {
    found = new Map();
    lookedUp.set(request, found);
  }
  let instance = found.get(name);
  if (instance === undefined) {
    instance = access.find(principal, name);
    found.set(name, instance);
  }
  const record = await instance;
  if (record === undefined) throw notFound(notFoundMessage);
  return record;
}
