/** Request and response schemas of the webhook endpoints (spec/ryzeapi.md 5.2). */
import { z } from "zod";
import { eventTypeSchema } from "../../../contracts/events.js";
import { CAPS, cappedArray, cappedString } from "../../../platform/http/field-caps.js";

export const webhookBody = z.object({
  /** Omitted or empty = `default`. */
  label: cappedString(CAPS.label).trim().optional(),
  /** Defaults to true. */
  enabled: z.boolean().optional(),
  url: cappedString(CAPS.url).trim().optional(),
  authorization: cappedString(CAPS.secret).optional(),
  byEvents: z.boolean().optional(),
  events: cappedArray(eventTypeSchema, 32).optional(),
  mediaBase64: z.boolean().optional(),
});
export type WebhookBody = z.infer<typeof webhookBody>;

export const webhookView = z.object({
  label: z.string(),
  enabled: z.boolean(),
  url: z.string(),
  authorization: z.string(),
  byEvents: z.boolean(),
  events: z.array(eventTypeSchema),
  mediaBase64: z.boolean(),
});
export type WebhookView = z.infer<typeof webhookView>;

export const labelQuery = z.object({ label: z.string().optional(), token: z.string().optional() });

export const deadLetterView = z.object({
  id: z.string(),
  label: z.string(),
  event: eventTypeSchema.nullable(),
  seq: z.number(),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  failedAt: z.string().nullable(),
});

export const replayBody = z.object({
  label: z.string().trim().optional(),
  ids: z.array(z.string().min(1)).min(1).max(1000).optional(),
});
