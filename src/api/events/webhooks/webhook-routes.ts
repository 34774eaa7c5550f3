/** HTTP routes of webhook configuration and dead letters (spec/ryzeapi.md 5.2, Decision 13). */
import { z } from "zod";
import type { HttpServer } from "../../../platform/http/server.js";
import { instanceOf } from "../../instances/instance-guard.js";
import type { InstanceAccess } from "../../instances/access.js";
import { instanceParams, successBase } from "../../instances/instance-schemas.js";
import {
  deadLetterView,
  labelQuery,
  replayBody,
  webhookBody,
  webhookView,
} from "./webhook-schemas.js";
import type { WebhookService } from "./webhook-service.js";

const tags = ["events"];

export function registerWebhookRoutes(
  app: HttpServer,
  service: WebhookService,
  access: InstanceAccess,
): void {
  registerWebhookConfig(app, service, access);
  registerDeadLetters(app, service, access);
}

function registerWebhookConfig(
  app: HttpServer,
  service: WebhookService,
  access: InstanceAccess,
): void {
  app.post(
    "/api/events/webhook/:instance",
    {
      schema: {
        tags,
        summary: "Create or update a webhook (upsert by label; at most 3 enabled)",
        params: instanceParams,
        body: webhookBody,
        response: { 200: z.object({ ...successBase, webhook: webhookView }) },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const webhook = await service.configure(instance, request.body);
      return {
        success: true as const,
        message: webhook.enabled
          ? "Webhook configured successfully"
          : "Webhook disabled successfully",
        webhook,
      };
    },
  );

  const readSchema = {
    tags,
    summary: "List the webhooks, or read one with ?label=",
    params: instanceParams,
    querystring: labelQuery,
    response: {
      200: z.union([
        z.object({ ...successBase, webhook: webhookView }),
        z.object({ ...successBase, webhooks: z.array(webhookView) }),
      ]),
    },
  };
  // `GET /api/events/webhook/:instance` is the spelling some clients use (Decision 13).
  for (const path of ["/api/events/getWebhook/:instance", "/api/events/webhook/:instance"]) {
    app.get(path, { schema: readSchema }, async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      if (request.query.label !== undefined) {
        const webhook = await service.get(instance, request.query.label);
        return { success: true as const, message: "Webhook retrieved successfully", webhook };
      }
      const webhooks = await service.list(instance);
      return { success: true as const, message: "Webhooks retrieved successfully", webhooks };
    });
  }
}

function registerDeadLetters(
  app: HttpServer,
  service: WebhookService,
  access: InstanceAccess,
): void {
  app.get(
    "/api/events/getDeadLetters/:instance",
    {
      schema: {
        tags,
        summary: "Webhook deliveries that exhausted their retries (all, or of ?label=)",
        params: instanceParams,
        querystring: labelQuery,
        response: { 200: z.object({ ...successBase, deadLetters: z.array(deadLetterView) }) },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const deadLetters = await service.deadLetters(instance, request.query.label);
      const count = deadLetters.length;
      return {
        success: true as const,
        message: count === 1 ? "1 dead letter found" : `${count} dead letters found`,
        deadLetters,
      };
    },
  );

  app.post(
    "/api/events/replayDeadLetters/:instance",
    {
      schema: {
        tags,
        summary: "Requeue dead letters (all, those of a label, or the listed ids)",
        params: instanceParams,
        body: replayBody,
        response: { 200: z.object({ ...successBase, replayed: z.number() }) },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const replayed = await service.replay(instance, request.body);
      return {
        success: true as const,
        message: replayed === 1 ? "1 dead letter requeued" : `${replayed} dead letters requeued`,
        replayed,
      };
    },
  );
}
