/**
 * Sends an agent's reply to WhatsApp (job kind `cw.message`). The WhatsApp message id
 * is chosen and reserved in the message map before the send and committed before it
 * goes out, and the API's send is idempotent on that id: a retry after a lost answer or
 * a crash reuses it and never sends twice, and the send's own echo in the event stream
 * is recognised as this gateway's and not mirrored back into Chatwoot.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "../../platform/clock.js";
import type { Logger } from "../../platform/logger.js";
import type { ApiClient } from "../api-client/api-client.js";
import type { ChatwootAccountRef, ChatwootClient } from "../chatwoot/chatwoot-client.js";
import type { ContactStore } from "../contacts/contact-store.js";
import type { Integration } from "../integrations/integration-model.js";
import type { IntegrationStore } from "../integrations/integration-store.js";
import { MessageMapStore, type MapScope } from "../message-map/message-map-store.js";
import type { JobHandler, JobOutcome } from "../queue/job-runner.js";
import type { Job } from "../queue/job-store.js";
import type { OutboundPayload } from "./outbound-job.js";
import { whatsappText } from "./whatsapp-text.js";

export interface OutboundDeps {
  integrations: IntegrationStore;
  contacts: ContactStore;
  map: MessageMapStore;
  api: ApiClient;
  chatwoot: (account: ChatwootAccountRef) => ChatwootClient;
  clock: Clock;
  logger: Logger;
}

/** A WhatsApp-style message id: `3EB0` and 18 hex digits, as WhatsApp Web makes them. */
export function newWhatsAppId(): string {
  return `3EB0${randomBytes(9).toString("hex").toUpperCase()}`;
}

export class OutboundHandler implements JobHandler {
  constructor(private readonly deps: OutboundDeps) {}

  async handle(job: Job): Promise<JobOutcome> {
    const integration = await this.deps.integrations.get(job.integrationId, job.claimedMark);
    if (integration === undefined) return { kind: "done" };
    const payload = job.payload as OutboundPayload;
    const scope = { integrationId: integration.id, inboxScope: integration.inboxScope };
    const entry = await this.deps.map.byChatwoot(scope, payload.messageId);
    if (entry?.state === "done") return { kind: "done" };
    // A failed entry is this job's own earlier failure: a replay or the agent's Retry resends it.
    const recovering = entry?.state === "failed" || payload.chatwootStatus === "failed";
    const recipient = await this.recipientOf(scope, payload);
    if (recipient === undefined)
      return { kind: "dead", error: "the conversation's contact has no WhatsApp number" };
    const waId = entry?.wa_message_id ?? (await this.reserve(integration, payload, recipient));
    if (entry?.state === "failed") await this.deps.map.setState(scope, waId, "reserved");
    const sent = await this.deps.api.sendText(integration.instanceId, {
      number: recipient,
      message: whatsappText(
        payload.content,
        integration.flags.signMessages ? payload.senderName : undefined,
      ),
      messageId: waId,
    });
    if (!sent.ok) {
      const error = `WhatsApp send failed: ${sent.detail}`;
      return sent.retryable
        ? { kind: "retry", error, retryAfterMs: sent.retryAfterMs }
        : { kind: "dead", error };
    }
    if (recovering) await this.markSent(integration, payload);
    return { kind: "done", commit: (tx) => new MessageMapStore(tx).setState(scope, waId, "done") };
  }

  /** The send failed for good: the message shows as failed in Chatwoot, with why. */
  async onDead(job: Job, error: string): Promise<void> {
    const integration = await this.deps.integrations.get(job.integrationId);
    if (integration === undefined) return;
    const payload = job.payload as OutboundPayload;
    const scope = { integrationId: integration.id, inboxScope: integration.inboxScope };
    const entry = await this.deps.map.byChatwoot(scope, payload.messageId);
    if (entry !== undefined) await this.deps.map.setState(scope, entry.wa_message_id, "failed");
    const client = this.deps.chatwoot(integration.chatwoot);
    await client.updateMessageStatus(payload.conversationId, payload.messageId, "failed", error);
    await client.createMessage(payload.conversationId, {
      content: `ponte could not deliver the message above to WhatsApp: ${error}. It is kept as gateway job ${job.id}: press Retry on the message, or run \`ponte bridge jobs retry ${job.id}\`.`,
      messageType: "outgoing",
      private: true,
    });
  }

  /** Chooses the WhatsApp id and commits it before anything is sent. */
  private async reserve(
    integration: Integration,
    payload: OutboundPayload,
    recipient: string,
  ): Promise<string> {
    const waId = newWhatsAppId();
    await this.deps.map.insert({
      integration_id: integration.id,
      inbox_scope: integration.inboxScope,
      wa_message_id: waId,
      part: 0,
      direction: "out",
      state: "reserved",
      chat_jid: recipient,
      conversation_id: payload.conversationId,
      chatwoot_message_id: payload.messageId,
      delivery_status: "sent",
      created_at: new Date(this.deps.clock.now()).toISOString(),
    });
    // A racing job of the same message (another process) may have reserved first: use its id.
    const kept = await this.deps.map.byChatwoot(
      { integrationId: integration.id, inboxScope: integration.inboxScope },
      payload.messageId,
    );
    return kept?.wa_message_id ?? waId;
  }

  private async recipientOf(
    scope: MapScope,
    payload: OutboundPayload,
  ): Promise<string | undefined> {
    const contact = await this.deps.contacts.byConversation(scope, payload.conversationId);
    if (contact !== undefined) return contact.chat_jid;
    const digits = payload.phone?.replace(/\D/g, "") ?? "";
    if (digits !== "") return digits;
    const identifier = payload.identifier ?? "";
    return identifier.includes("@") ? identifier : undefined;
  }

  /** Clears a failed mark Chatwoot set while the gateway could not take the webhook. */
  private async markSent(integration: Integration, payload: OutboundPayload): Promise<void> {
    const result = await this.deps
      .chatwoot(integration.chatwoot)
      .updateMessageStatus(payload.conversationId, payload.messageId, "sent");
    if (!result.ok) {
      this.deps.logger.warn(
        { integrationId: integration.id, kind: result.failure.kind },
        "could not mark a recovered message sent",
      );
    }
  }
}
