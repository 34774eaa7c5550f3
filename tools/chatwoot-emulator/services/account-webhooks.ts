import type { EmulatorContext } from "../context.js";
import type { FieldError } from "../errors.js";
import { notFound, paramMissing, recordInvalid } from "../errors.js";
import type { Params } from "../http/params.js";
import { isRecord, str } from "../http/params.js";
import { secureToken } from "../state.js";
import type { AccountWebhook } from "../types.js";

/** Webhook::ALLOWED_WEBHOOK_EVENTS in current builds. */
export const ALLOWED_EVENTS = [
  "conversation_status_changed",
  "conversation_updated",
  "conversation_created",
  "contact_created",
  "contact_updated",
  "message_created",
  "message_updated",
  "webwidget_triggered",
  "inbox_created",
  "inbox_updated",
  "conversation_typing_on",
  "conversation_typing_off",
];

/** The column default of webhooks.subscriptions. */
const DEFAULT_SUBSCRIPTIONS = ALLOWED_EVENTS.slice(0, 8);
const WRAPPED_KEYS = ["url", "subscriptions", "name", "inbox_id"];

/**
 * `params.require(:webhook)`: Rails' wrap_parameters copies the JSON body's model
 * attributes under `webhook`, so both `{url,…}` and `{webhook:{url,…}}` work.
 */
function webhookParams(p: Params): Params {
  if (isRecord(p.webhook)) return p.webhook;
  const wrapped = Object.fromEntries(Object.entries(p).filter(([k]) => WRAPPED_KEYS.includes(k)));
  if (Object.keys(wrapped).length === 0) throw paramMissing("webhook");
  return wrapped;
}

function validate(ctx: EmulatorContext, hook: AccountWebhook): FieldError[] {
  const errors: FieldError[] = [];
  const taken = ctx.state
    .accountWebhooks(hook.accountId)
    .some((w) => w.id !== hook.id && w.url === hook.url);
  if (taken) errors.push({ attribute: "url", message: "Url has already been taken" });
  if (!/^https?:\/\/[^\s/]+\S*$/i.test(hook.url)) {
    errors.push({ attribute: "url", message: "Url is invalid" });
  }
  const subs = hook.subscriptions;
  if (subs.length === 0 || subs.some((s) => !ALLOWED_EVENTS.includes(s))) {
    errors.push({ attribute: "subscriptions", message: "Subscriptions Invalid events" });
  }
  return errors;
}

function assign(hook: AccountWebhook, p: Params): void {
  if ("url" in p) hook.url = str(p, "url") ?? "";
  if ("name" in p) hook.name = str(p, "name") ?? null;
  if ("subscriptions" in p) {
    hook.subscriptions = Array.isArray(p.subscriptions) ? p.subscriptions.map(String) : [];
  }
}

export function createWebhook(ctx: EmulatorContext, accountId: number, p: Params): AccountWebhook {
  const hook: AccountWebhook = {
    id: 0,
    accountId,
    url: "",
    name: null,
    subscriptions: [...DEFAULT_SUBSCRIPTIONS],
    secret: secureToken(),
  };
  assign(hook, webhookParams(p));
  const errors = validate(ctx, hook);
  if (errors.length > 0) throw recordInvalid(errors);
  hook.id = ctx.state.nextId("webhooks");
  ctx.state.webhooks.set(hook.id, hook);
  return hook;
}

export function findWebhook(ctx: EmulatorContext, accountId: number, id: unknown): AccountWebhook {
  const hook = ctx.state.webhooks.get(Number(id));
  if (!hook || hook.accountId !== accountId) throw notFound();
  return hook;
}

export function updateWebhook(
  ctx: EmulatorContext,
  hook: AccountWebhook,
  p: Params,
): AccountWebhook {
  const draft = structuredClone(hook);
  assign(draft, webhookParams(p));
  const errors = validate(ctx, draft);
  if (errors.length > 0) throw recordInvalid(errors);
  Object.assign(hook, draft);
  return hook;
}

/** The `_webhook` partial (plus `secret`, which newer builds return). */
export function webhookJson(hook: AccountWebhook, signing: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: hook.id,
    name: hook.name,
    url: hook.url,
    account_id: hook.accountId,
    subscriptions: hook.subscriptions,
  };
  if (signing) json.secret = hook.secret;
  return json;
}
