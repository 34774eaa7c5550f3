import type { EmulatorContext } from "../context.js";
import type { EmulatorState } from "../state.js";
import type { Attachment, Message, SenderRef } from "../types.js";
import { MESSAGE_TYPES } from "../types.js";
import { contactPushData, contactWebhookData } from "./contacts.js";
import { unreadCount } from "./derived.js";
import { iso, unix } from "./time.js";
import type { Json } from "./users.js";
import { botPushData, botWebhookData, userPushData, userWebhookData } from "./users.js";

export const messageTypeInt = (m: Message): number => MESSAGE_TYPES.indexOf(m.messageType);

export function senderPushData(state: EmulatorState, sender: SenderRef | null): Json | null {
  if (!sender) return null;
  if (sender.type === "user") {
    const user = state.users.get(sender.id);
    return user ? userPushData(user) : null;
  }
  if (sender.type === "agent_bot") {
    const bot = state.bots.get(sender.id);
    return bot ? botPushData(bot) : null;
  }
  const contact = state.contacts.get(sender.id);
  return contact ? contactPushData(contact) : null;
}

export function senderWebhookData(state: EmulatorState, sender: SenderRef | null): Json | null {
  if (!sender) return null;
  if (sender.type === "user") {
    const user = state.users.get(sender.id);
    return user ? userWebhookData(user) : null;
  }
  if (sender.type === "agent_bot") {
    const bot = state.bots.get(sender.id);
    return bot ? botWebhookData(bot) : null;
  }
  const contact = state.contacts.get(sender.id);
  return contact ? contactWebhookData(state, contact) : null;
}

/** Where an attachment's bytes are served (an ActiveStorage redirect, as in Chatwoot). */
export function attachmentUrl(ctx: EmulatorContext, a: Attachment, kind: "blob" | "thumb"): string {
  const path = kind === "blob" ? "blobs" : "representations";
  return `${ctx.publicUrl()}/rails/active_storage/${path}/redirect/${a.key}/${encodeURIComponent(a.fileName)}`;
}

/** `Attachment#push_event_data` for uploaded files. */
export function attachmentJson(ctx: EmulatorContext, a: Attachment): Json {
  return {
    id: a.id,
    message_id: a.messageId,
    file_type: a.fileType,
    account_id: a.accountId,
    extension: a.extension,
    data_url: attachmentUrl(ctx, a, "blob"),
    thumb_url: a.fileType === "image" ? attachmentUrl(ctx, a, "thumb") : "",
    file_size: a.data.length,
    width: null,
    height: null,
  };
}

function displayIdOf(state: EmulatorState, m: Message): number {
  return state.conversations.get(m.conversationId)?.displayId ?? 0;
}

/** The REST message partial (create, index, update, destroy). */
export function messageJson(ctx: EmulatorContext, m: Message): Json {
  const json: Json = { id: m.id, content: m.content, inbox_id: m.inboxId };
  if (m.echoId !== null) json.echo_id = m.echoId;
  Object.assign(json, {
    conversation_id: displayIdOf(ctx.state, m),
    message_type: messageTypeInt(m),
    content_type: m.contentType,
    status: m.status,
    content_attributes: m.contentAttributes,
    created_at: unix(m.createdAt),
    private: m.private,
    source_id: m.sourceId,
  });
  const sender = senderPushData(ctx.state, m.sender);
  if (sender) json.sender = sender;
  if (m.attachments.length > 0) json.attachments = m.attachments.map((a) => attachmentJson(ctx, a));
  return json;
}

const SENDER_TYPES = { user: "User", contact: "Contact", agent_bot: "AgentBot" } as const;

/** `Message#push_event_data`: every column plus display ids (conversation.messages[]). */
export function messagePushData(ctx: EmulatorContext, m: Message): Json {
  const conversation = ctx.state.conversations.get(m.conversationId);
  const contactInbox = conversation && ctx.state.contactInboxes.get(conversation.contactInboxId);
  const json: Json = {
    id: m.id,
    content: m.content,
    account_id: m.accountId,
    inbox_id: m.inboxId,
    conversation_id: conversation?.displayId ?? 0,
    message_type: messageTypeInt(m),
    created_at: unix(m.createdAt),
    updated_at: iso(m.updatedAt),
    private: m.private,
    status: m.status,
    source_id: m.sourceId,
    content_type: m.contentType,
    content_attributes: m.contentAttributes,
    sender_type: m.sender ? SENDER_TYPES[m.sender.type] : null,
    sender_id: m.sender?.id ?? null,
    external_source_ids: {},
    additional_attributes: m.additionalAttributes,
    processed_message_content: m.content,
    sentiment: {},
    conversation: {
      assignee_id: conversation?.assigneeId ?? null,
      unread_count: conversation ? unreadCount(ctx.state, conversation) : 0,
      last_activity_at: conversation ? unix(conversation.lastActivityAt) : 0,
      contact_inbox: { source_id: contactInbox?.sourceId ?? null },
    },
  };
  if (m.echoId !== null) json.echo_id = m.echoId;
  if (m.attachments.length > 0) json.attachments = m.attachments.map((a) => attachmentJson(ctx, a));
  const sender = senderPushData(ctx.state, m.sender);
  if (sender) json.sender = sender;
  return json;
}
