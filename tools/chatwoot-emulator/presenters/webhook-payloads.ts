import type { EmulatorContext } from "../context.js";
import type { Message } from "../types.js";
import { conversationPushData } from "./conversations.js";
import { inboxWebhookData } from "./inboxes.js";
import { attachmentJson, senderWebhookData } from "./messages.js";
import { iso } from "./time.js";
import type { Json } from "./users.js";
import { accountWebhookData } from "./users.js";

/**
 * `Message#webhook_data`: message_type is the enum NAME here (an integer in REST),
 * created_at an ISO string, and `attachments` only appears when there are some.
 */
export function messageWebhookData(ctx: EmulatorContext, m: Message): Json {
  const { state } = ctx;
  const account = state.accounts.get(m.accountId);
  const inbox = state.inboxes.get(m.inboxId);
  const conversation = state.conversations.get(m.conversationId);
  const json: Json = {
    account: account ? accountWebhookData(account) : null,
    additional_attributes: m.additionalAttributes,
    content_attributes: m.contentAttributes,
    content_type: m.contentType,
    content: m.content,
    conversation: conversation ? conversationPushData(ctx, conversation) : null,
    created_at: iso(m.createdAt),
    id: m.id,
    inbox: inbox ? inboxWebhookData(inbox) : null,
    message_type: m.messageType,
    private: m.private,
    sender: senderWebhookData(state, m.sender),
    source_id: m.sourceId,
  };
  if (m.attachments.length > 0) json.attachments = m.attachments.map((a) => attachmentJson(ctx, a));
  return json;
}
