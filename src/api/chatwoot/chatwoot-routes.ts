/**
 * HTTP routes of the Chatwoot module (spec/ryzeapi.md 7.3–7.5). Success bodies are the
 * documented objects, without `success` (Decision 2).
 *
 * Every route checks, in this order and before its body is even parsed: the token
 * (401/403), the module (503 `integration gateway not configured`, Decision 3), the
 * instance (404 `instance not found`); only then the body (400 `invalid body: …`). The
 * checks run in a route-level onRequest hook, which Fastify runs after the global one
 * that resolves the token and counts the request.
 */
import type { FastifyRequest } from "fastify";
import type { HttpServer } from "../../platform/http/server.js";
import { instanceOf } from "../instances/instance-guard.js";
import { requireAccessTo } from "../auth/auth-service.js";
import type { InstanceAccess } from "../instances/access.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import { ACTIVATED, DEACTIVATED, INSTANCE_NOT_FOUND } from "./chatwoot-errors.js";
import {
  chatwootParams,
  integrationViewSchema,
  invalidBody,
  messageReplySchema,
  setBodySchema,
  setReplySchema,
} from "./chatwoot-schemas.js";
import type { ChatwootService } from "./chatwoot-service.js";

const tags = ["chatwoot"];

export function registerChatwootRoutes(
  app: HttpServer,
  service: ChatwootService,
  access: InstanceAccess,
): void {
  const resolved = new WeakMap<FastifyRequest, InstanceRecord>();

  const guard = async (request: FastifyRequest): Promise<void> => {
    const { instance: name } = chatwootParams.parse(request.params);
    requireAccessTo(request.principal, request.tokenPresented, name);
    service.requireGateway();
    resolved.set(request, await instanceOf(request, access, name, INSTANCE_NOT_FOUND));
  };
  const instanceFor = (request: FastifyRequest): InstanceRecord => {
    const instance = resolved.get(request);
    // Unreachable: the guard runs before every handler of this module.
    if (instance === undefined) throw new Error("chatwoot route guard did not run");
    return instance;
  };

  app.post(
    "/api/chatwoot/set/:instance",
    {
      onRequest: guard,
      config: { invalidBody },
      schema: {
        tags,
        summary: "Activate the instance's Chatwoot integration, or update it",
        params: chatwootParams,
        body: setBodySchema,
        response: { 201: setReplySchema },
      },
    },
    async (request, reply) => {
      const instance = instanceFor(request);
      const activation = await service.activate(instance, request.body);
      return reply.code(201).send({
        instance: instance.name,
        status: activation.status,
        bridge_integration_id: activation.bridgeIntegrationId,
        message: ACTIVATED,
      });
    },
  );

  app.get(
    "/api/chatwoot/list/:instance",
    {
      onRequest: guard,
      schema: {
        tags,
        summary: "The instance's Chatwoot integration, with its live status",
        params: chatwootParams,
        response: { 200: integrationViewSchema },
      },
    },
    (request) => service.status(instanceFor(request)),
  );

  // `unlink` is the spelling some RyzeAPI clients use (Decision 13).
  for (const verb of ["delete", "unlink"]) {
    app.delete(
      `/api/chatwoot/${verb}/:instance`,
      {
        onRequest: guard,
        schema: {
          tags,
          summary: "Deactivate the instance's Chatwoot integration (the inbox is kept)",
          params: chatwootParams,
          response: { 200: messageReplySchema },
        },
      },
      async (request) => {
        await service.deactivate(instanceFor(request));
        return { message: DEACTIVATED };
      },
    );
  }
}
