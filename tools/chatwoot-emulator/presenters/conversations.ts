import type { EmulatorContext } from "../context.js";
import { lastMessage } from "../state.js";
import type { Conversation } from "../types.js";
import { contactInboxRecordJson, contactJson, contactPushData } from "./contacts.js";
import { canReply, isChatMessage, unreadCount } from "./derived.js";
import { messagePushData } from "./messages.js";
import { isoOrNull, unix, unixOrNull, unixOrZero } from "./time.js";
import type { Json } from "./users.js";
import { agentJson, userPushData } from "./users.js";

function restMeta(ctx: EmulatorContext, c: Conversation): Json {
  const { state } = ctx;
  const contact = state.contacts.get(c.contactId);
  const inbox = state.inboxes.get(c.inboxId);
  const meta: Json = {
    sender: contact ? contactJson(state, contact, false) : null,
    channel: inbox?.channelType ?? null,
  };
  const assignee = c.assigneeId === null ? undefined : state.users.get(c.assigneeId);
  if (assignee) meta.assignee = agentJson(assignee, c.accountId);
  meta.hmac_verified = state.contactInboxes.get(c.contactInboxId)?.hmacVerified ?? false;
  return meta;
}

/** The `conversations/partials/_conversation` jbuilder: every conversation REST answer. */
export function conversationJson(ctx: EmulatorContext, c: Conversation): Json {
  const messages = ctx.state.conversationMessages(c.id);
  const last = messages[messages.length - 1];
  const lastNonActivity = lastMessage(messages, (m) => m.messageType !== "activity");
  return {
    meta: restMeta(ctx, c),
    id: c.displayId,
    messages: last ? [messagePushData(ctx, last)] : [],
    account_id: c.accountId,
    uuid: c.uuid,
    additional_attributes: c.additionalAttributes,
    agent_last_seen_at: unixOrZero(c.agentLastSeenAt),
    assignee_last_seen_at: unixOrZero(c.assigneeLastSeenAt),
    can_reply: canReply(ctx.state, c, ctx.now()),
    contact_last_seen_at: unixOrZero(c.contactLastSeenAt),
    custom_attributes: c.customAttributes,
    inbox_id: c.inboxId,
    labels: c.labels,
    muted: c.muted,
    snoozed_until: unixOrNull(c.snoozedUntil),
    status: c.status,
    created_at: unix(c.createdAt),
    timestamp: unix(c.lastActivityAt),
    first_reply_created_at: unixOrZero(c.firstReplyCreatedAt),
    unread_count: unreadCount(ctx.state, c),
    last_non_activity_message: lastNonActivity ? messagePushData(ctx, lastNonActivity) : null,
    last_activity_at: unix(c.lastActivityAt),
    priority: c.priority,
    waiting_since: unixOrZero(c.waitingSince),
    sla_policy_id: null,
  };
}

function pushMeta(ctx: EmulatorContext, c: Conversation): Json {
  const { state } = ctx;
  const contact = state.contacts.get(c.contactId);
  const assignee = c.assigneeId === null ? undefined : state.users.get(c.assigneeId);
  return {
    sender: contact ? contactPushData(contact) : null,
    assignee: assignee ? userPushData(assignee) : null,
    assignee_type: assignee ? "User" : null,
    team: null,
    hmac_verified: state.contactInboxes.get(c.contactInboxId)?.hmacVerified ?? false,
  };
}

/**
 * `Conversations::EventDataPresenter#push_data`: the conversation in every webhook.
 * `messages` holds only the last chat message (not activity, not private).
 */
export function conversationPushData(ctx: EmulatorContext, c: Conversation): Json {
  const { state } = ctx;
  const last = lastMessage(state.conversationMessages(c.id), isChatMessage);
  const contactInbox = state.contactInboxes.get(c.contactInboxId);
  return {
    additional_attributes: c.additionalAttributes,
    can_reply: canReply(state, c, ctx.now()),
    channel: state.inboxes.get(c.inboxId)?.channelType ?? null,
    contact_inbox: contactInbox ? contactInboxRecordJson(contactInbox) : null,
    id: c.displayId,
    inbox_id: c.inboxId,
    messages: last ? [messagePushData(ctx, last)] : [],
    labels: c.labels,
    meta: pushMeta(ctx, c),
    status: c.status,
    custom_attributes: c.customAttributes,
    snoozed_until: isoOrNull(c.snoozedUntil),
    unread_count: unreadCount(state, c),
    first_reply_created_at: isoOrNull(c.firstReplyCreatedAt),
    priority: c.priority,
    waiting_since: unixOrZero(c.waitingSince),
    agent_last_seen_at: unixOrZero(c.agentLastSeenAt),
    contact_last_seen_at: unixOrZero(c.contactLastSeenAt),
    last_activity_at: unix(c.lastActivityAt),
    timestamp: unix(c.lastActivityAt),
    created_at: unix(c.createdAt),
    updated_at: c.updatedAt / 1000,
  };
}
