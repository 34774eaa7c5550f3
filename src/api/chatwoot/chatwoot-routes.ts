/**
 * HTTP routes of the Chatwoot module (spec/ryzeapi.md 7.3–7.5). Success bodies are the
 * documented objects, without `success` (Decision 2).
 *
 * Every route runs the module's guard (chatwoot-guard.ts: token, module, instance) before
 * its body is parsed; only then the body (400 `invalid body: …`).
 */
import type { HttpServer } from "../../platform/http/server.js";
import type { InstanceAccess } from "../instances/access.js";
import { ACTIVATED, DEACTIVATED } from "./chatwoot-errors.js";
import { chatwootGuard } from "./chatwoot-guard.js";
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
  const { guard, instanceFor } = chatwootGuard(access, () => service.requireGateway());

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
