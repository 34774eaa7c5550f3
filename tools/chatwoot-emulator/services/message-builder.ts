import type { EmulatorContext } from "../context.js";
import { couldNotCreate } from "../errors.js";
import type { Params } from "../http/params.js";
import { castBool, isRecord, present, str } from "../http/params.js";
import type { Conversation, Message, MessageTypeName, SenderRef } from "../types.js";
import { MESSAGE_TYPES } from "../types.js";
import type { UploadedFile } from "./attachments.js";
import { buildAttachments, checkAttachmentLimits } from "./attachments.js";
import type { Actor } from "./conversation-changes.js";

/** Message#content_type enum (current builds). */
const CONTENT_TYPES = [
  "text",
  "input_text",
  "input_textarea",
  "input_email",
  "input_select",
  "cards",
  "form",
  "article",
  "incoming_email",
  "input_csat",
  "integrations",
  "sticker",
];
const MAX_CONTENT = 150_000;

/** `content_attributes` may be a hash or a JSON string; unparsable strings become {}. */
function contentAttributes(p: Params): Record<string, unknown> {
  const raw = p.content_attributes;
  if (isRecord(raw)) return { ...raw };
  if (typeof raw !== "string") return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** Rails enum assignment: a known name or its integer, else ArgumentError. */
function messageTypeOf(raw: unknown): MessageTypeName {
  const byInteger = typeof raw === "number" ? MESSAGE_TYPES[raw] : undefined;
  if (byInteger) return byInteger;
  const named = MESSAGE_TYPES.find((t) => t === raw);
  if (named) return named;
  throw couldNotCreate(`'${String(raw)}' is not a valid message_type`);
}

/**
 * Messages::InReplyToMessageBuilder: `in_reply_to` (our id) and
 * `in_reply_to_external_id` (a source_id) resolve each other within the conversation;
 * an unknown reference leaves both null.
 */
function resolveInReplyTo(
  ctx: EmulatorContext,
  c: Conversation,
  attrs: Record<string, unknown>,
): void {
  const byId = attrs.in_reply_to;
  const byExternal = attrs.in_reply_to_external_id;
  if (!present(byId) && !present(byExternal)) return;
  const messages = ctx.state.conversationMessages(c.id);
  const target = present(byId)
    ? messages.find((m) => String(m.id) === String(byId))
    : messages.find((m) => m.sourceId !== null && m.sourceId === String(byExternal));
  attrs.in_reply_to_external_id = target?.sourceId ?? null;
  attrs.in_reply_to = target?.id ?? null;
}

function senderOf(
  ctx: EmulatorContext,
  c: Conversation,
  rawType: unknown,
  author: Actor,
  p: Params,
): SenderRef {
  if (rawType !== "outgoing") return { type: "contact", id: c.contactId };
  if (p.sender_type === "AgentBot") {
    const bot = ctx.state.bots.get(Number(p.sender_id));
    if (bot && bot.accountId === c.accountId) return { type: "agent_bot", id: bot.id };
  }
  if (author.kind === "user") return { type: "user", id: author.userId };
  if (author.kind === "bot") return { type: "agent_bot", id: author.botId };
  return { type: "contact", id: c.contactId };
}

/**
 * `prevent_message_flooding`: CONVERSATION_MESSAGE_PER_MINUTE_LIMIT per conversation.
 * Messages are stored in creation order, so the last minute is a binary search away.
 */
function checkFlooding(ctx: EmulatorContext, c: Conversation): void {
  const since = ctx.now() - 60_000;
  const messages = ctx.state.conversationMessages(c.id);
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((messages[mid]?.createdAt ?? 0) < since) lo = mid + 1;
    else hi = mid;
  }
  if (messages.length - lo >= ctx.limits.conversationMessagesPerMinute) {
    throw couldNotCreate("Validation failed: Too many messages");
  }
}

function extraAttributes(p: Params): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  if (present(p.campaign_id)) extra.campaign_id = p.campaign_id;
  if (present(p.template_params)) extra.template_params = p.template_params;
  return extra;
}

/**
 * Messages::MessageBuilder + the Message validations, in Chatwoot's order: the
 * API-only `incoming` check compares the RAW param (so an integer 0 slips through, as
 * upstream), then enum casts, then validations at save. Nothing is de-duplicated:
 * the same source_id twice makes two messages.
 */
export function buildMessage(
  ctx: EmulatorContext,
  c: Conversation,
  author: Actor,
  p: Params,
  files: UploadedFile[],
): Message {
  const attrs = contentAttributes(p);
  const rawType = p.message_type ?? "outgoing";
  const inbox = ctx.state.inboxes.get(c.inboxId);
  if (inbox?.channelType !== "Channel::Api" && rawType === "incoming") {
    throw couldNotCreate("Incoming messages are only allowed in Api inboxes");
  }
  const messageType = messageTypeOf(rawType);
  const contentType = str(p, "content_type") ?? "text";
  if (!CONTENT_TYPES.includes(contentType)) {
    throw couldNotCreate(`'${contentType}' is not a valid content_type`);
  }
  const content = str(p, "content") ?? null;
  if (content !== null && content.length > MAX_CONTENT) {
    throw couldNotCreate(
      `Validation failed: Content is too long (maximum is ${MAX_CONTENT} characters)`,
    );
  }
  checkAttachmentLimits(ctx, files);
  checkFlooding(ctx, c);
  if (present(p.external_created_at)) attrs.external_created_at = p.external_created_at;
  resolveInReplyTo(ctx, c, attrs);
  const now = ctx.now();
  const message: Message = {
    id: ctx.state.nextId("messages"),
    accountId: c.accountId,
    inboxId: c.inboxId,
    conversationId: c.id,
    messageType,
    contentType,
    content,
    contentAttributes: attrs,
    additionalAttributes: extraAttributes(p),
    private: castBool(p.private) ?? false,
    status: "sent",
    sourceId: str(p, "source_id") ?? null,
    sender: senderOf(ctx, c, rawType, author, p),
    echoId: str(p, "echo_id") ?? null,
    attachments: [],
    createdAt: now,
    updatedAt: now,
  };
  message.attachments = buildAttachments(ctx, message, files);
  return message;
}
