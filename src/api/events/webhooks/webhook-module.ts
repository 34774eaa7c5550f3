/**
 * The webhook block of instance creation (`webhook*` fields configure the webhook
 * labelled `default`, spec 4.1) and the webhook summary of `GET /api/instance/list`.
 */
import { eventTypeSchema } from "../../../contracts/events.js";
import { AppError } from "../../../platform/errors.js";
import type { InstanceModule, ModuleSummary } from "../../instances/extensions.js";
import type { InstanceRecord } from "../../instances/instance-model.js";
import type { CreateInstanceBody } from "../../instances/instance-schemas.js";
import { DEFAULT_LABEL, type WebhookService } from "./webhook-service.js";

export function webhookModule(service: WebhookService): InstanceModule {
  return {
    key: "webhook",
    async applyInline(instance: InstanceRecord, body: CreateInstanceBody) {
      const present = [
        body.webhookEnabled,
        body.webhookURL,
        body.webhookAuthorization,
        body.webhookByEvents,
        body.webhookEvents,
        body.webhookMediaBase64,
      ].some((value) => value !== undefined);
      if (!present) return undefined;
      const events = eventTypeSchema.array().safeParse(body.webhookEvents ?? []);
      if (!events.success) {
        return { enabled: false, error: "webhookEvents holds an unknown event type" };
      }
      try {
        return await service.configure(instance, {
          label: DEFAULT_LABEL,
          enabled: body.webhookEnabled ?? true,
          url: body.webhookURL,
          authorization: body.webhookAuthorization,
          byEvents: body.webhookByEvents,
          events: events.data,
          mediaBase64: body.webhookMediaBase64,
        });
      } catch (error) {
        // A failed block never aborts creation (spec 4.1): it is reported instead.
        if (error instanceof AppError) return { enabled: false, error: error.message };
        throw error;
      }
    },
    async summary(instance: InstanceRecord): Promise<ModuleSummary> {
      const webhook = await service.defaultWebhook(instance);
      if (webhook === undefined) return { enabled: false };
      // The list shows the default webhook without its secret.
      const { label, enabled, url, byEvents, events, mediaBase64 } = webhook;
      return { label, enabled, url, byEvents, events, mediaBase64 };
    },
    emptySummary: { enabled: false },
    summaries: (accountId: string) => service.defaultWebhooks(accountId),
    beforeDelete(): Promise<void> {
      // Rows and queued deliveries go with the instance (foreign keys cascade).
      return Promise.resolve();
    },
  };
}
