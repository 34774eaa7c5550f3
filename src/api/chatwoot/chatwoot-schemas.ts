/**
 * Request and response schemas of the Chatwoot module (spec/ryzeapi.md 7.3–7.6). The
 * messages of the body schema become `invalid body: <field>: <message>`.
 */
import { z } from "zod";
import { INTEGRATION_STATUSES } from "../../contracts/bridge.js";
import type { CreateInstanceBody } from "../instances/instance-schemas.js";

/** A message for a missing field, and another for a present but wrong one. */
const requiredOr = (wrong: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : wrong),
});

const POSITIVE_INT = "must be an integer greater than 0";
/** Chatwoot ids are PostgreSQL integers; the column is one too. */
const MAX_ID = 2_147_483_647;

const flag = z.boolean({ error: "must be true or false" }).default(false);

export const setBodySchema = z.object(
  {
    chatwootBaseUrl: z
      .string(requiredOr("must be a string"))
      .trim()
      .pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }))
      .transform((url) => url.replace(/\/+$/, "")),
    chatwootAccountId: z
      .number(requiredOr(POSITIVE_INT))
      .int(POSITIVE_INT)
      .positive(POSITIVE_INT)
      .max(MAX_ID, `must be at most ${MAX_ID}`),
    chatwootApiToken: z.string(requiredOr("must be a string")).trim().min(1, "must not be empty"),
    inboxName: z
      .string(requiredOr("must be a string"))
      .trim()
      .min(1, "must not be empty")
      .max(255, "must be at most 255 characters"),
    signMessages: flag,
    ignoreGroups: flag,
    startAsPending: flag,
    reopenResolved: flag,
  },
  { error: "a JSON object is required" },
);
export type SetBody = z.infer<typeof setBodySchema>;

export const chatwootParams = z.object({ instance: z.string().min(1) });

export const setReplySchema = z.object({
  instance: z.string(),
  status: z.enum(INTEGRATION_STATUSES),
  bridge_integration_id: z.string(),
  message: z.string(),
});

export const integrationViewSchema = z.object({
  instance_name: z.string(),
  status: z.string(),
  bridge_integration_id: z.string(),
  chatwoot_base_url: z.string(),
  chatwoot_account_id: z.number(),
  chatwoot_inbox_id: z.number(),
  chatwoot_inbox_name: z.string(),
  last_error: z.string(),
  created_at: z.string(),
  chatwoot_api_token: z.string(),
  sign_messages: z.boolean(),
  ignore_groups: z.boolean(),
  start_as_pending: z.boolean(),
  reopen_resolved: z.boolean(),
});
export type IntegrationView = z.infer<typeof integrationViewSchema>;

export const messageReplySchema = z.object({ message: z.string() });

/** The creation body's field for each set field, to name them as the caller sent them. */
const INLINE_NAMES: Record<keyof SetBody, keyof CreateInstanceBody> = {
  chatwootBaseUrl: "chatwootBaseUrl",
  chatwootAccountId: "chatwootAccountId",
  chatwootApiToken: "chatwootApiToken",
  inboxName: "chatwootInboxName",
  signMessages: "chatwootSignMessages",
  ignoreGroups: "chatwootIgnoreGroups",
  startAsPending: "chatwootStartAsPending",
  reopenResolved: "chatwootReopenResolved",
};

export type InlineParse = { ok: true; body: SetBody } | { ok: false; detail: string };

/** The `chatwoot*` fields of `POST /api/instance/new`, validated as a set body. */
export function parseInline(body: CreateInstanceBody): InlineParse {
  const parsed = setBodySchema.safeParse({
    chatwootBaseUrl: body.chatwootBaseUrl,
    chatwootAccountId: body.chatwootAccountId,
    chatwootApiToken: body.chatwootApiToken,
    inboxName: body.chatwootInboxName,
    signMessages: body.chatwootSignMessages,
    ignoreGroups: body.chatwootIgnoreGroups,
    startAsPending: body.chatwootStartAsPending,
    reopenResolved: body.chatwootReopenResolved,
  });
  if (parsed.success) return { ok: true, body: parsed.data };
  const detail = parsed.error.issues
    .map((issue) => {
      const field = issue.path[0];
      const name =
        typeof field === "string" && field in INLINE_NAMES
          ? INLINE_NAMES[field as keyof SetBody]
          : field;
      return name === undefined ? issue.message : `${String(name)}: ${issue.message}`;
    })
    .join("; ");
  return { ok: false, detail };
}

/** The 400 text of a body that fails its schema (the route's `invalidBody`). */
export const invalidBody = (detail: string): string => `invalid body: ${detail}`;
