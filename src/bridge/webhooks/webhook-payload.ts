/**
 * The parts of Chatwoot's webhook payloads the gateway reads (NOTES.md §f). In webhooks
 * `message_type` is a string; `conversation.id` is the per-account display id.
 */
import { z } from "zod";

export const webhookMessageSchema = z.looseObject({
  event: z.enum(["message_created", "message_updated"]),
  id: z.number().int(),
  content: z.string().nullish(),
  message_type: z.string(),
  private: z.boolean().nullish(),
  source_id: z.string().nullish(),
  created_at: z.union([z.string(), z.number()]).nullish(),
  status: z.string().nullish(),
  content_attributes: z.record(z.string(), z.unknown()).nullish(),
  sender: z
    .looseObject({
      id: z.number().nullish(),
      name: z.string().nullish(),
      type: z.string().nullish(),
    })
    .nullish(),
  inbox: z.looseObject({ id: z.number().int() }).nullish(),
  account: z.looseObject({ id: z.number().int() }).nullish(),
  conversation: z.looseObject({
    id: z.number().int(),
    meta: z
      .looseObject({
        sender: z
          .looseObject({ phone_number: z.string().nullish(), identifier: z.string().nullish() })
          .nullish(),
      })
      .nullish(),
  }),
});
export type WebhookMessage = z.infer<typeof webhookMessageSchema>;

export const webhookConversationStatusSchema = z.looseObject({
  event: z.literal("conversation_status_changed"),
  id: z.number().int(),
  status: z.string(),
  inbox_id: z.number().int().nullish(),
});

export const webhookEventSchema = z.looseObject({ event: z.string() });

/** The epoch ms of a message's `created_at` (ISO text in webhooks, seconds in REST). */
export function createdAtMs(value: string | number | null | undefined): number | undefined {
  if (typeof value === "number") return value * 1000;
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
