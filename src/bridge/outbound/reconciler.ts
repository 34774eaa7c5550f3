/**
 * Agent replies survive the gateway's downtime. Chatwoot delivers an API-inbox webhook
 * once and never again, so on start and periodically the gateway lists the inbox's
 * recently active conversations and, in each, the messages after the last one it knows,
 * and queues every agent reply it has no record of. Bounded and cheap: only
 * conversations active since the last pass (with a margin), a few pages at most, and
 * the job's dedupe key makes a reply found twice one job.
 */
import type { Clock } from "../../platform/clock.js";
import type { DialectName } from "../../platform/db/database.js";
import type { Logger } from "../../platform/logger.js";
import type { BridgeDb } from "../bridge-schema.js";
import type { ChatwootAccountRef, ChatwootClient } from "../chatwoot/chatwoot-client.js";
import type { ChatwootConversation, ChatwootMessage } from "../chatwoot/chatwoot-schemas.js";
import { describeChatwootFailure } from "../chatwoot/chatwoot-failure.js";
import type { ContactStore } from "../contacts/contact-store.js";
import { WAID } from "../inbound/inbound-handler.js";
import type { Integration } from "../integrations/integration-model.js";
import type { IntegrationStore } from "../integrations/integration-store.js";
import type { MessageMapStore } from "../message-map/message-map-store.js";
import { JobStore, type NewJob } from "../queue/job-store.js";
import { outboundJob } from "./outbound-job.js";

/** Conversations active this long before the last pass are looked at again. */
const MARGIN_MS = 2 * 60_000;
const MAX_CONVERSATION_PAGES = 4;
const MAX_MESSAGE_PAGES = 5;
const CONVERSATIONS_PER_PAGE = 25;

export interface ReconcilerDeps {
  db: BridgeDb;
  dialect: DialectName;
  integrations: IntegrationStore;
  contacts: ContactStore;
  map: MessageMapStore;
  chatwoot: (account: ChatwootAccountRef) => ChatwootClient;
  clock: Clock;
  logger: Logger;
  onJobs: () => void;
}

export class Reconciler {
  constructor(private readonly deps: ReconcilerDeps) {}

  /** One pass over an integration; returns how many replies it queued. */
  async reconcile(integrationId: string): Promise<number> {
    const integration = await this.deps.integrations.get(integrationId);
    if (integration === undefined) return 0;
    const startedAt = this.deps.clock.now();
    const client = this.deps.chatwoot(integration.chatwoot);
    const since = integration.reconciledUntil - MARGIN_MS;
    let queued = 0;
    for (let page = 1; page <= MAX_CONVERSATION_PAGES; page += 1) {
      const listed = await client.listConversations(integration.inboxId, page);
      if (!listed.ok) {
        this.deps.logger.warn(
          { integrationId, error: describeChatwootFailure(listed.failure) },
          "reconciliation could not list conversations; it runs again later",
        );
        return queued;
      }
      const recent = listed.value.filter((c) => (c.last_activity_at ?? Infinity) * 1000 >= since);
      for (const conversation of recent)
        queued += await this.reconcileConversation(integration, client, conversation);
      if (recent.length < listed.value.length || listed.value.length < CONVERSATIONS_PER_PAGE)
        break;
    }
    await this.deps.integrations.setReconciled(integration.id, startedAt);
    if (queued > 0) {
      this.deps.logger.info(
        { integrationId, queued },
        "reconciliation found agent replies that never reached the gateway",
      );
      this.deps.onJobs();
    }
    return queued;
  }

  private async reconcileConversation(
    integration: Integration,
    client: ChatwootClient,
    conversation: ChatwootConversation,
  ): Promise<number> {
    const scope = { integrationId: integration.id, inboxScope: integration.inboxScope };
    let after = await this.deps.map.lastChatwootId(scope, conversation.id);
    const contact = await this.deps.contacts.byConversation(scope, conversation.id);
    const jobs: NewJob[] = [];
    for (let page = 0; page < MAX_MESSAGE_PAGES; page += 1) {
      const listed = await client.listMessages(conversation.id, after);
      if (!listed.ok || listed.value.length === 0) break;
      for (const message of listed.value) {
        if (!isMissedReply(message, integration)) continue;
        if ((await this.deps.map.byChatwoot(scope, message.id)) !== undefined) continue;
        jobs.push(
          outboundJob(
            integration.id,
            {
              conversationId: conversation.id,
              messageId: message.id,
              content: message.content ?? "",
              senderName: message.sender?.name ?? "",
              orderKey: contact?.contact_key ?? `cw:${conversation.id}`,
              phone: conversation.meta?.sender?.phone_number ?? null,
              identifier: conversation.meta?.sender?.identifier ?? null,
              chatwootStatus: message.status ?? "sent",
            },
            `out:${message.id}`,
          ),
        );
      }
      // Without `after` Chatwoot gave the latest page: nothing newer to read.
      if (after === undefined || listed.value.length < 100) break;
      after = listed.value.at(-1)?.id;
    }
    jobs.sort(
      (a, b) =>
        (a.payload as { messageId: number }).messageId -
        (b.payload as { messageId: number }).messageId,
    );
    return new JobStore(this.deps.db, this.deps.dialect).enqueue(jobs, this.deps.clock.now());
  }
}

/** An agent's public reply written after activation that is not a WhatsApp mirror. */
function isMissedReply(message: ChatwootMessage, integration: Integration): boolean {
  if (message.message_type !== 1 || message.private === true) return false;
  if (message.source_id?.startsWith(WAID) === true) return false;
  if (message.content_attributes?.deleted === true) return false;
  return message.created_at * 1000 >= Date.parse(integration.activatedAt) - 1_000;
}
