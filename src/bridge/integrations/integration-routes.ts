/**
 * The gateway's HTTP API (src/contracts/bridge.ts): activate, get, delete, and an
 * integration's jobs (list, retry), each with `Authorization: Bearer <BRIDGE_TOKEN>`. Its own failures answer `{"error": …}`, never
 * the RyzeAPI envelope and never a body with `kind` (that is Chatwoot's).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import {
  BRIDGE_ACTIVATE_PATH,
  INTEGRATION_NOT_FOUND,
  JOB_NOT_FOUND,
  activateRequestSchema,
  bridgeAuthorization,
  integrationIdSchema,
  jobListQuerySchema,
  parseJobId,
  type JobConflictBody,
} from "../../contracts/bridge.js";
import type { BridgeFailure } from "../../contracts/bridge-gateway.js";
import type { HttpServer } from "../../platform/http/server.js";
import { constantTimeEqual } from "../../platform/crypto.js";
import type { IntegrationService } from "./integration-service.js";

const config = { rateLimit: false as const };

export function registerIntegrationRoutes(
  app: HttpServer,
  service: IntegrationService,
  token: string,
): void {
  // Before the body is parsed, so that a caller without the token learns nothing more.
  const onRequest = async (request: FastifyRequest, reply: FastifyReply) => {
    const given = request.headers.authorization ?? "";
    if (constantTimeEqual(given, bridgeAuthorization(token))) return;
    return reply.code(401).send({ error: "invalid or missing bearer token" });
  };
  const options = { config, schema: { hide: true }, onRequest, errorHandler: gatewayError };

  app.post(BRIDGE_ACTIVATE_PATH, options, async (request, reply) => {
    const body = activateRequestSchema.safeParse(request.body);
    if (!body.success) {
      const detail = body.error.issues
        .map((i) => `${i.path.join(".") || "body"}: ${i.message}`)
        .join("; ");
      return reply.code(400).send({ error: `invalid activate request: ${detail}` });
    }
    const result = await service.activate(body.data);
    if (result.ok) return reply.code(201).send(result.value);
    return sendFailure(reply, result.failure);
  });

  app.get("/v1/integrations/:id", options, async (request, reply) => {
    const id = integrationIdSchema.safeParse((request.params as { id: string }).id);
    if (!id.success) return reply.code(404).send({ error: "integration not found" });
    const result = await service.get(id.data);
    if (result.ok) return reply.code(200).send(result.value);
    return sendFailure(reply, result.failure);
  });

  app.delete("/v1/integrations/:id", options, async (request, reply) => {
    const id = integrationIdSchema.safeParse((request.params as { id: string }).id);
    if (!id.success) return reply.code(404).send({ error: "integration not found" });
    const result = await service.terminate(id.data);
    if (result.ok) return reply.code(204).send();
    return sendFailure(reply, result.failure);
  });

  registerJobCalls(app, service, onRequest);
}

/** `GET /v1/integrations/:id/jobs` and `POST /v1/integrations/:id/jobs/:job/retry`. */
function registerJobCalls(
  app: HttpServer,
  service: IntegrationService,
  onRequest: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>,
): void {
  const options = { config, schema: { hide: true }, onRequest, errorHandler: gatewayError };
  app.get("/v1/integrations/:id/jobs", options, async (request, reply) => {
    const id = integrationIdSchema.safeParse((request.params as { id: string }).id);
    if (!id.success) return reply.code(404).send({ error: INTEGRATION_NOT_FOUND });
    const query = jobListQuerySchema.safeParse(request.query);
    if (!query.success) {
      return reply.code(400).send({
        error:
          "invalid query: state is one of pending, running, done, dead, cancelled; limit is 1 to 500",
      });
    }
    const result = await service.listJobs(id.data, query.data);
    if (result.ok) return reply.code(200).send({ jobs: result.value });
    return sendFailure(reply, result.failure);
  });

  app.post("/v1/integrations/:id/jobs/:job/retry", options, async (request, reply) => {
    const params = request.params as { id: string; job: string };
    const id = integrationIdSchema.safeParse(params.id);
    if (!id.success) return reply.code(404).send({ error: INTEGRATION_NOT_FOUND });
    const jobId = parseJobId(params.job);
    if (jobId === undefined) return reply.code(404).send({ error: JOB_NOT_FOUND });
    const result = await service.retryJob(id.data, jobId);
    if (!result.ok) return sendFailure(reply, result.failure);
    const retry = result.value;
    if (retry.retried) return reply.code(200).send(retry.job);
    if (retry.reason === "not_found") return reply.code(404).send({ error: JOB_NOT_FOUND });
    const conflict: JobConflictBody = {
      error: `job ${jobId} is ${retry.state}, not dead`,
      state: retry.state,
    };
    return reply.code(409).send(conflict);
  });
}

/** A body Fastify could not parse, or anything thrown: the gateway's `{error}`, not the API's envelope. */
function gatewayError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500)
    return reply.code(status).send({ error: `invalid request: ${error.message}` });
  reply.log.error({ err: error }, "gateway request failed");
  return reply.code(500).send({ error: "gateway failure" });
}

function sendFailure(reply: FastifyReply, failure: BridgeFailure): FastifyReply {
  if (failure.type === "chatwoot") return reply.code(failure.status).send(failure.chatwoot);
  if (failure.type === "not_found") return reply.code(404).send({ error: INTEGRATION_NOT_FOUND });
  return reply.code(500).send({ error: "gateway failure" });
}
