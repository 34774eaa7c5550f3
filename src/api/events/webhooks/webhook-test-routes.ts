/**
 * `POST /api/events/testWebhook/:instance` (ponte's extension, Decision 12): sends one
 * test delivery to a configured webhook right now and reports what its target answered,
 * so that a URL or an authorization can be checked without waiting for a real event.
 * The test is not queued, not retried and not in the event log: its body is an
 * `instance.state` envelope with `seq: 0` and `"test": true`, marked `x-ponte-test: 1`.
 */
import { randomUUID } from "node:crypto";
import type { Dispatcher } from "undici";
import { z } from "zod";
import type { HttpServer } from "../../../platform/http/server.js";
import { badRequest } from "../../../platform/errors.js";
import type { InstanceData } from "../../../contracts/events.js";
import { instanceOf } from "../../instances/instance-guard.js";
import type { InstanceAccess } from "../../instances/access.js";
import type { InstanceRecord } from "../../instances/instance-model.js";
import { instanceParams, successBase } from "../../instances/instance-schemas.js";
import { sendDelivery } from "./webhook-sender.js";
import type { WebhookService } from "./webhook-service.js";

export const WEBHOOK_DISABLED = "Webhook is disabled: enable it before testing";

const testBody = z.object({ label: z.string().trim().max(64).optional() });

const resultView = z.object({
  ok: z.boolean(),
  status: z.number().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
});

export interface WebhookTestOptions {
  instanceData: (instance: InstanceRecord) => InstanceData;
  timeoutMs: number;
  userAgent: string;
  /** The outbound guard's dispatcher: a test reaches only what a delivery may. */
  dispatcher: Dispatcher;
}

export function registerWebhookTestRoute(
  app: HttpServer,
  service: WebhookService,
  access: InstanceAccess,
  options: WebhookTestOptions,
): void {
  app.post(
    "/api/events/testWebhook/:instance",
    {
      schema: {
        tags: ["events"],
        summary: "Send one test delivery to a webhook now and report the target's answer",
        params: instanceParams,
        body: testBody.optional(),
        response: { 200: z.object({ ...successBase, result: resultView }) },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const webhook = await service.get(instance, request.body?.label);
      if (!webhook.enabled || webhook.url === "") throw badRequest(WEBHOOK_DISABLED);
      const result = await sendTest(instance, webhook, options);
      return {
        success: true as const,
        message: result.ok
          ? `Test delivery answered HTTP ${String(result.status)}`
          : `Test delivery failed: ${result.error ?? "unknown error"}`,
        result,
      };
    },
  );
}

async function sendTest(
  instance: InstanceRecord,
  webhook: { url: string; authorization: string; byEvents: boolean },
  options: WebhookTestOptions,
): Promise<z.infer<typeof resultView>> {
  const event = "instance.state";
  const envelope = {
    event,
    seq: 0,
    test: true,
    data: {
      state: instance.connectionState,
      reason: "webhook_test",
      numberJid: instance.numberJid,
      timestamp: new Date().toISOString(),
    },
    instanceData: options.instanceData(instance),
  };
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": options.userAgent,
    "x-ponte-delivery": `test-${randomUUID()}`,
    "x-ponte-event": event,
    "x-ponte-seq": "0",
    "x-ponte-attempt": "1",
    "x-ponte-test": "1",
  };
  if (webhook.authorization !== "") headers.authorization = webhook.authorization;
  const url = webhook.byEvents ? `${webhook.url.replace(/\/+$/, "")}/${event}` : webhook.url;
  const started = Date.now();
  const outcome = await sendDelivery(
    { url, headers, body: JSON.stringify(envelope) },
    options.timeoutMs,
    new AbortController().signal,
    () => Date.now(),
    options.dispatcher,
  );
  const durationMs = Date.now() - started;
  if ("stopped" in outcome) return { ok: false, status: null, error: "stopped", durationMs };
  if (outcome.ok) return { ok: true, status: outcome.value.status, error: null, durationMs };
  const { failure } = outcome;
  const status = failure.kind === "status" ? failure.status : null;
  return { ok: false, status, error: failure.detail, durationMs };
}
