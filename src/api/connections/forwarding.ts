/**
 * With several API processes, an instance's WhatsApp connection lives in the one that
 * holds its lease. A request that needs the connection and lands elsewhere is forwarded
 * to the holder, once, with a marker the holder can verify (a MAC under the shared
 * ENCRYPTION_KEY): the holder then neither counts it again against the rate limit nor
 * forwards it further. A holder that cannot be reached leaves the request to be
 * answered here, as if it had not been forwarded.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../../platform/clock.js";
import { constantTimeEqual, type SecretBox } from "../../platform/crypto.js";
import type { HttpServer } from "../../platform/http/server.js";
import type { Logger } from "../../platform/logger.js";
import { instanceOf } from "../instances/instance-guard.js";
import type { InstanceAccess } from "../instances/access.js";
import type { ConnectionManager } from "./connection-manager.js";
import { withDeadline } from "../../platform/net/deadline.js";

export const FORWARDED_HEADER = "x-ponte-forwarded";
const MAX_SKEW_MS = 60_000;
/** `connect` may block about 60 s for a QR code; leave room for it. */
const FORWARD_TIMEOUT_MS = 75_000;
const PASSED_HEADERS = ["token", "authorization", "content-type", "accept", "user-agent"];

export class Forwarding {
  constructor(
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  marker(method: string, url: string): string {
    const ts = String(this.clock.now());
    return `${ts}.${this.secrets.mac("forward", `${ts} ${method} ${url}`)}`;
  }

  /** Whether another ponte process forwarded this request (and vouched for it). */
  isForwarded(request: FastifyRequest): boolean {
    const header = request.headers[FORWARDED_HEADER];
    if (typeof header !== "string") return false;
    const [ts, mac] = header.split(".");
    if (ts === undefined || mac === undefined) return false;
    if (Math.abs(this.clock.now() - Number(ts)) > MAX_SKEW_MS) return false;
    return constantTimeEqual(
      mac,
      this.secrets.mac("forward", `${ts} ${request.method} ${request.url}`),
    );
  }
}

export function registerForwarding(
  app: HttpServer,
  deps: {
    forwarding: Forwarding;
    connections: ConnectionManager;
    access: InstanceAccess;
    logger: Logger;
  },
): void {
  // preValidation: after authentication and rate limiting, before the body is
  // transformed by its schema, so the holder receives the body exactly as sent.
  app.addHook("preValidation", async (request, reply) => {
    // Each route says whether it needs the connection (config.connectionBound).
    if (request.routeOptions.config.connectionBound !== true) return;
    if (deps.forwarding.isForwarded(request)) return;
    const name = (request.params as { instance?: unknown }).instance;
    if (typeof name !== "string") return;
    // Any refusal (token, ownership, unknown instance) is the route's own to answer.
    const instance = await instanceOf(request, deps.access, name).catch(() => undefined);
    if (instance === undefined) return;
    const holder = await deps.connections.heldElsewhere(instance.id);
    if (holder?.url === undefined) return;
    try {
      return await forward(request, reply, holder.url, deps.forwarding);
    } catch (error) {
      deps.logger.warn(
        { err: error, instance: instance.name },
        "holder unreachable; answering here",
      );
    }
  });
}

async function forward(
  request: FastifyRequest,
  reply: FastifyReply,
  holderUrl: string,
  forwarding: Forwarding,
): Promise<FastifyReply> {
  const headers: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  headers[FORWARDED_HEADER] = forwarding.marker(request.method, request.url);
  const { response, body } = await withDeadline(FORWARD_TIMEOUT_MS, async (signal) => {
    const answer = await fetch(new URL(request.url, holderUrl), {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
    });
    return { response: answer, body: Buffer.from(await answer.arrayBuffer()) };
  });
  const type = response.headers.get("content-type");
  if (type !== null) void reply.header("content-type", type);
  return reply.code(response.status).send(body);
}
