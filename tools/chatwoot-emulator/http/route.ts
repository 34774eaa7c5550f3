import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from "fastify";
import { authenticate } from "../auth.js";
import type { Caller, EmulatorContext } from "../context.js";
import type { Params } from "./params.js";
import { isRecord } from "./params.js";

export interface RouteRequest {
  caller: Caller;
  /** Rails-style params: query, body and path merged (path wins). */
  params: Params;
  raw: FastifyRequest;
}

/** `{ empty: true }` is Rails' `head :ok`; otherwise JSON. */
export type RouteResult = { status?: number; body?: unknown; empty?: boolean };

export interface RouteDef {
  /** Stable name used by call counts and fault rules, e.g. "messages.create". */
  name: string;
  method: HTTPMethods;
  url: string;
  /** On the agent-bot whitelist (NOTES.md §a). */
  botAllowed?: boolean;
  handler(req: RouteRequest): RouteResult | Promise<RouteResult>;
}

/** Registers one route definition (a bound accountRoute). */
export type RegisterRoute = (def: RouteDef) => void;

/** Route registry shared by the call log and the fault matcher. */
export class RouteNames {
  private readonly names = new Map<string, string>();

  set(method: string, url: string, name: string): void {
    this.names.set(`${method} ${url}`, name);
  }

  get(method: string, url: string | undefined): string {
    return this.names.get(`${method} ${url ?? ""}`) ?? "unknown";
  }
}

export function mergedParams(req: FastifyRequest): Params {
  const query = isRecord(req.query) ? req.query : {};
  const body = isRecord(req.body) ? req.body : {};
  const path = isRecord(req.params) ? req.params : {};
  return { ...query, ...body, ...path };
}

async function send(reply: FastifyReply, result: RouteResult): Promise<void> {
  reply.code(result.status ?? 200);
  if (result.empty === true) {
    await reply.send();
    return;
  }
  await reply.type("application/json; charset=utf-8").send(JSON.stringify(result.body ?? null));
}

/** Registers an `/api/v1/accounts/:account_id/...` route behind Chatwoot's auth chain. */
export function accountRoute(
  app: FastifyInstance,
  ctx: EmulatorContext,
  names: RouteNames,
  def: RouteDef,
): void {
  names.set(def.method, def.url, def.name);
  app.route({
    method: def.method,
    url: def.url,
    handler: async (request, reply) => {
      const params = mergedParams(request);
      const accountId = typeof params.account_id === "string" ? params.account_id : "";
      const caller = authenticate(ctx.state, request.headers, accountId, def.botAllowed ?? false);
      const result = await def.handler({ caller, params, raw: request });
      await send(reply, result);
    },
  });
}

/** Registers a route outside the account scope (profile, storage, control). */
export function plainRoute(
  app: FastifyInstance,
  names: RouteNames,
  def: Omit<RouteDef, "handler" | "botAllowed"> & {
    handler(request: FastifyRequest, reply: FastifyReply): unknown;
  },
): void {
  names.set(def.method, def.url, def.name);
  app.route({
    method: def.method,
    url: def.url,
    handler: (request, reply) => def.handler(request, reply),
  });
}
