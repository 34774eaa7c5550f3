import type { EmulatorContext } from "../context.js";
import { notFound } from "../errors.js";
import type { Params } from "../http/params.js";
import { present, str } from "../http/params.js";
import type { Conversation, Message } from "../types.js";
import { MESSAGE_STATUSES } from "../types.js";
import type { UploadedFile } from "./attachments.js";
import type { Actor } from "./conversation-changes.js";
import { changeConversation } from "./conversation-changes.js";
import { touchContactActivity } from "./contacts.js";
import { buildMessage } from "./message-builder.js";

export const DELETED_CONTENT = "This message was deleted";

export function findMessage(ctx: EmulatorContext, c: Conversation, id: unknown): Message {
  const message = ctx.state.messages.get(Number(id));
  if (!message || message.conversationId !== c.id) throw notFound();
  return message;
}

/** Message#reopen_conversation: incoming messages reopen resolved/snoozed (unless muted). */
function reopen(ctx: EmulatorContext, c: Conversation, m: Message): void {
  if (c.muted || m.messageType !== "incoming") return;
  if (c.status === "snoozed") changeConversation(ctx, c, { status: "open" }, { kind: "system" });
  if (c.status !== "resolved") return;
  const hasBot = ctx.state.inboxes.get(c.inboxId)?.agentBotId != null;
  changeConversation(ctx, c, { status: hasBot ? "pending" : "open" }, { kind: "system" });
}

const isHumanReply = (m: Message): boolean =>
  m.messageType === "outgoing" &&
  m.sender?.type === "user" &&
  !("campaign_id" in m.additionalAttributes);

/** More than one outgoing, non-private message not sent by a bot? (stops at the second) */
function hasEarlierReplies(ctx: EmulatorContext, c: Conversation): boolean {
  let count = 0;
  for (const x of ctx.state.conversationMessages(c.id)) {
    if (x.messageType === "outgoing" && x.sender?.type !== "agent_bot" && !x.private) count += 1;
    if (count > 1) return true;
  }
  return false;
}

/** dispatch_create_events' bookkeeping: first_reply_created_at and waiting_since. */
function trackReplyTimes(ctx: EmulatorContext, c: Conversation, m: Message): void {
  const system = { kind: "system" } as const;
  const firstReply = isHumanReply(m) && !m.private && c.firstReplyCreatedAt === null;
  if (firstReply && !hasEarlierReplies(ctx, c)) {
    changeConversation(ctx, c, { firstReplyCreatedAt: m.createdAt, waitingSince: null }, system);
  } else if (isHumanReply(m) && !m.private && c.waitingSince !== null) {
    changeConversation(ctx, c, { waitingSince: null }, system);
  } else if (m.messageType === "incoming" && c.waitingSince === null) {
    changeConversation(ctx, c, { waitingSince: m.createdAt }, system);
  }
}

/**
 * Creates a message and runs Message#execute_after_create_commit_callbacks in order:
 * reopen, last activity, message_created, reply-time tracking, contact activity.
 */
export function createMessage(
  ctx: EmulatorContext,
  c: Conversation,
  author: Actor,
  p: Params,
  files: UploadedFile[] = [],
): Message {
  const message = buildMessage(ctx, c, author, p, files);
  ctx.state.addMessage(message);
  c.updatedAt = message.createdAt;
  reopen(ctx, c, message);
  c.lastActivityAt = message.createdAt;
  ctx.events.emit({ name: "message_created", messageId: message.id });
  trackReplyTimes(ctx, c, message);
  if (message.sender?.type === "contact") {
    const contact = ctx.state.contacts.get(message.sender.id);
    if (contact) touchContactActivity(ctx, contact);
  }
  return message;
}

function touch(ctx: EmulatorContext, m: Message): void {
  m.updatedAt = ctx.now();
  ctx.events.emit({ name: "message_updated", messageId: m.id });
}

/**
 * Messages::StatusUpdateService: unknown statuses and read → delivered are ignored;
 * external_error is kept only for `failed`. message_updated fires only when a column
 * actually changed (Rails skips the event on an empty `previous_changes`).
 */
export function updateMessageStatus(
  ctx: EmulatorContext,
  m: Message,
  status: unknown,
  externalError: unknown,
): boolean {
  const next = MESSAGE_STATUSES.find((s) => s === status);
  if (!next || (m.status === "read" && next === "delivered")) return false;
  const error = next === "failed" && present(externalError) ? String(externalError) : null;
  const current = m.contentAttributes.external_error ?? null;
  const changed = m.status !== next || current !== error;
  if (!changed) return false;
  m.status = next;
  if (current !== error) m.contentAttributes = { ...m.contentAttributes, external_error: error };
  touch(ctx, m);
  return true;
}

/** messages#destroy: a soft delete that fires message_updated, never a delete event. */
export function deleteMessage(ctx: EmulatorContext, m: Message): Message {
  m.content = DELETED_CONTENT;
  m.contentType = "text";
  m.contentAttributes = { deleted: true };
  ctx.state.dropAttachments(m);
  touch(ctx, m);
  return m;
}

/** messages#retry: a failed message goes back to `sent` and loses its external_error. */
export function retryMessage(ctx: EmulatorContext, m: Message): Message {
  if (m.status !== "failed") return m;
  updateMessageStatus(ctx, m, "sent", null);
  const rest = { ...m.contentAttributes };
  delete rest.external_error;
  m.contentAttributes = rest;
  touch(ctx, m);
  return m;
}

/** MessageFinder: the last 20, 20 before `before`, up to 100 after `after`. */
export function listMessages(ctx: EmulatorContext, c: Conversation, p: Params): Message[] {
  const all = ctx.state.conversationMessages(c.id);
  const before = str(p, "before");
  const after = str(p, "after");
  if (present(before) && present(after)) {
    return all.filter((m) => m.id > Number(after) && m.id < Number(before));
  }
  if (present(after)) return all.filter((m) => m.id > Number(after)).slice(0, 100);
  const older = present(before) ? all.filter((m) => m.id < Number(before)) : all;
  return older.slice(-20);
}
