/**
 * Relays one WhatsApp message into Chatwoot (job kind `wa.message`). Warm, it costs one
 * Chatwoot call: the message create, into the conversation the local table knows. A
 * 404/422 on those cached ids (an agent deleted the contact or the conversation) clears
 * them and takes the cold path once. A retried job first looks for the message it may
 * already have created (a crash or a lost answer), by its `WAID:` source id.
 */
import type { ExchangeMessage } from "../../contracts/events.js";
import type { Logger } from "../../platform/logger.js";
import type { ChatwootAccountRef, ChatwootClient } from "../chatwoot/chatwoot-client.js";
import type { ChatwootResult } from "../chatwoot/chatwoot-failure.js";
import type { ContactResolver } from "../contacts/contact-resolver.js";
import type { Integration } from "../integrations/integration-model.js";
import type { IntegrationStore } from "../integrations/integration-store.js";
import { MessageMapStore, type MapEntry } from "../message-map/message-map-store.js";
import type { JobHandler, JobOutcome } from "../queue/job-runner.js";
import type { Job } from "../queue/job-store.js";
import { chatwootOutcome } from "../queue/outcomes.js";
import { chatwootContent } from "./message-content.js";

export interface InboundDeps {
  integrations: IntegrationStore;
  map: MessageMapStore;
  resolver: ContactResolver;
  chatwoot: (account: ChatwootAccountRef) => ChatwootClient;
  logger: Logger;
  /** Chatwoot's request deadline: after a timeout, the retry waits this long before it looks. */
  settleMs: number;
}

interface Target {
  integration: Integration;
  client: ChatwootClient;
  job: Job;
  message: ExchangeMessage;
  content: string;
}

export const WAID = "WAID:";

export class InboundHandler implements JobHandler {
  constructor(private readonly deps: InboundDeps) {}

  async handle(job: Job): Promise<JobOutcome> {
    const integration = await this.deps.integrations.get(job.integrationId, job.claimedMark);
    if (integration === undefined) return { kind: "done" };
    const { message } = job.payload as { message: ExchangeMessage };
    const scope = { integrationId: integration.id, inboxScope: integration.inboxScope };
    // Relayed already, or the echo of an agent's reply this gateway sent.
    if ((await this.deps.map.byWhatsApp(scope, message.id)) !== undefined) return { kind: "done" };
    const content = chatwootContent(message);
    if (content === undefined) return { kind: "done" };
    const client = this.deps.chatwoot(integration.chatwoot);
    return this.relay({ integration, client, job, message, content }, true);
  }

  async onDead(job: Job, error: string): Promise<void> {
    const integration = await this.deps.integrations.get(job.integrationId);
    const { message } = job.payload as { message: ExchangeMessage };
    if (integration === undefined) return;
    this.deps.logger.warn(
      { integrationId: integration.id, messageId: message.id, error },
      "a WhatsApp message could not be relayed to Chatwoot",
    );
  }

  private async relay(target: Target, mayRetryCold: boolean): Promise<JobOutcome> {
    const { integration, client, job, message } = target;
    const contact = await this.deps.resolver.contact(
      client,
      integration,
      job.orderKey,
      message.chat,
    );
    if (!contact.ok) return chatwootOutcome(contact.failure);
    const conversation = await this.deps.resolver.conversation(
      client,
      integration,
      contact.value.value,
    );
    const stale = contact.value.cached || (conversation.ok && conversation.value.cached);
    if (!conversation.ok) return this.afterFailure(target, conversation, stale && mayRetryCold);
    const conversationId = conversation.value.value;
    if (job.attempts > 1) {
      // An earlier attempt may have created it before its answer was lost: look first.
      const recent = await client.listMessages(conversationId);
      if (!recent.ok) return chatwootOutcome(recent.failure, this.deps.settleMs);
      const earlier = recent.value.find((m) => m.source_id === `${WAID}${message.id}`);
      if (earlier !== undefined) return this.done(target, conversationId, earlier.id);
    }
    const created = await client.createMessage(conversationId, {
      content: target.content,
      messageType: message.fromMe ? "outgoing" : "incoming",
      sourceId: `${WAID}${message.id}`,
      contentAttributes: await this.replyAttributes(integration, message),
    });
    if (!created.ok) return this.afterFailure(target, created, stale && mayRetryCold);
    return this.done(target, conversationId, created.value.id);
  }

  private async afterFailure(
    target: Target,
    result: Extract<ChatwootResult<unknown>, { ok: false }>,
    retryCold: boolean,
  ): Promise<JobOutcome> {
    const kind = result.failure.kind;
    if (retryCold && (kind === "not_found" || kind === "invalid")) {
      await this.deps.resolver.invalidate(target.integration, target.job.orderKey);
      return this.relay(target, false);
    }
    return chatwootOutcome(result.failure, this.deps.settleMs);
  }

  private done(target: Target, conversationId: number, chatwootMessageId: number): JobOutcome {
    const { integration, message } = target;
    const entry: MapEntry = {
      integration_id: integration.id,
      inbox_scope: integration.inboxScope,
      wa_message_id: message.id,
      part: 0,
      direction: "in",
      state: "done",
      chat_jid: message.chat.jid,
      conversation_id: conversationId,
      chatwoot_message_id: chatwootMessageId,
      delivery_status: null,
      created_at: message.timestamp,
    };
    return {
      kind: "done",
      commit: (tx) => new MessageMapStore(tx).insert(entry).then(() => undefined),
    };
  }

  private async replyAttributes(
    integration: Integration,
    message: ExchangeMessage,
  ): Promise<Record<string, unknown> | undefined> {
    if (message.replyTo === undefined) return undefined;
    const scope = { integrationId: integration.id, inboxScope: integration.inboxScope };
    const quoted = await this.deps.map.byWhatsApp(scope, message.replyTo.messageId);
    const id = quoted?.chatwoot_message_id;
    return id === null || id === undefined ? undefined : { in_reply_to: id };
  }
}
