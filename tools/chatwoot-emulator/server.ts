import type { Socket } from "node:net";
import multipart from "@fastify/multipart";
import Fastify from "fastify";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CallLog, CallRecord } from "./call-log.js";
import type { ControlDeps, EmulatorControl } from "./control.js";
import type { EmulatorContext } from "./context.js";
import { ChatwootError } from "./errors.js";
import type { FaultInjector } from "./faults.js";
import { applyFault, sleep } from "./faults.js";
import { parseQuery, registerBodyParsers } from "./http/parsers.js";
import { RouteNames } from "./http/route.js";
import type { RateLimiter } from "./rate-limit.js";
import { registerContactRoutes } from "./routes/contacts.js";
import { registerControlRoutes } from "./routes/control.js";
import { registerConversationRoutes } from "./routes/conversations.js";
import { registerInboxRoutes } from "./routes/inboxes.js";
import { registerMessageRoutes } from "./routes/messages.js";
import { registerProfileAndStorageRoutes, registerWebhookRoutes } from "./routes/webhooks.js";

export interface ServerParts {
  ctx: EmulatorContext;
  calls: CallLog;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  control: EmulatorControl;
  controlDeps: ControlDeps;
  /** Sockets a `timeout` fault is holding open; destroyed on close. */
  held: Set<Socket>;
  logger: boolean;
}

const isControl = (url: string) => url.startsWith("/_emulator");

/**
 * Per request, before Rails would see it: record the call, apply armed faults
 * (as a proxy or the network would), then Rack::Attack's throttles.
 */
function installGate(app: FastifyInstance, parts: ServerParts, names: RouteNames): void {
  const records = new WeakMap<FastifyRequest, CallRecord>();
  app.addHook("onRequest", async (request, reply) => {
    if (isControl(request.url)) return;
    const route = request.routeOptions.url ?? "";
    const path = request.url.split("?")[0] ?? request.url;
    const target = { name: names.get(request.method, route), route, method: request.method, path };
    const now = parts.ctx.now();
    const record = parts.calls.start({
      ...target,
      status: null,
      fault: null,
      rateLimited: false,
      startedAt: now,
      finishedAt: null,
    });
    records.set(request, record);
    const { latencyMs, fault } = parts.faults.take(target);
    if (latencyMs > 0) await sleep(latencyMs);
    if (fault) {
      record.fault = fault.kind;
      await applyFault(fault, request, reply, parts.held);
      return reply;
    }
    const throttle = parts.rateLimiter.check(request.ip, path);
    if (throttle.limited) {
      record.rateLimited = true;
      await reply
        .code(429)
        .header("content-type", "text/plain")
        .header("retry-after", String(throttle.retryAfterSeconds))
        .send("Retry later\n");
      return reply;
    }
    return undefined;
  });
  app.addHook("onResponse", async (request, reply) => {
    const record = records.get(request);
    if (!record) return;
    record.status = reply.statusCode;
    record.finishedAt = parts.ctx.now();
    await Promise.resolve();
  });
}

function handleError(
  error: FastifyError | ChatwootError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof ChatwootError) {
    const isText = typeof error.body === "string";
    void reply
      .code(error.status)
      .headers(error.headers)
      .type(isText ? "text/plain" : "application/json; charset=utf-8")
      .send(isText ? error.body : JSON.stringify(error.body));
    return;
  }
  const status =
    typeof error.statusCode === "number" && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) request.log.error(error);
  void reply
    .code(status)
    .send({ status, error: status === 500 ? "Internal Server Error" : error.message });
}

export async function buildServer(parts: ServerParts): Promise<FastifyInstance> {
  const app = Fastify({
    logger: parts.logger,
    forceCloseConnections: true,
    bodyLimit: 64 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, querystringParser: (raw) => parseQuery(raw) },
  });
  registerBodyParsers(app);
  await app.register(multipart, { throwFileSizeLimit: false });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).send({ status: 404, error: "Not Found" });
  });
  const names = new RouteNames();
  installGate(app, parts, names);
  const { ctx } = parts;
  registerInboxRoutes(app, ctx, names);
  registerContactRoutes(app, ctx, names);
  registerConversationRoutes(app, ctx, names);
  registerMessageRoutes(app, ctx, names);
  registerWebhookRoutes(app, ctx, names);
  registerProfileAndStorageRoutes(app, ctx, names);
  registerControlRoutes(app, parts.control, parts.controlDeps);
  return app;
}
