/**
 * Delivered and read ticks (job kind `wa.receipt`): WhatsApp's receipt for a message the
 * instance sent becomes the Chatwoot message's status (`delivered`, `read`, or `failed`),
 * only ever forward. A receipt that arrives before its message is mapped waits for it.
 */
import type { ReceiptStatus } from "../../contracts/events.js";
import type {
  ChatwootAccountRef,
  ChatwootClient,
  MessageStatus,
} from "../chatwoot/chatwoot-client.js";
import type { IntegrationStore } from "../integrations/integration-store.js";
import { MessageMapStore } from "../message-map/message-map-store.js";
import type { JobHandler, JobOutcome } from "../queue/job-runner.js";
import type { Job } from "../queue/job-store.js";
import { chatwootOutcome } from "../queue/outcomes.js";

const RANK: Record<string, number> = { sent: 0, delivered: 1, read: 2, failed: 3 };

/** How many times a receipt waits for its message to be mapped before it is dropped. */
const WAIT_FOR_MAPPING = 6;

export interface ReceiptDeps {
  integrations: IntegrationStore;
  map: MessageMapStore;
  chatwoot: (account: ChatwootAccountRef) => ChatwootClient;
}

export class ReceiptHandler implements JobHandler {
  constructor(private readonly deps: ReceiptDeps) {}

  async handle(job: Job): Promise<JobOutcome> {
    const integration = await this.deps.integrations.get(job.integrationId, job.claimedMark);
    if (integration === undefined) return { kind: "done" };
    const { messageId, status } = job.payload as { messageId: string; status: ReceiptStatus };
    const scope = { integrationId: integration.id, inboxScope: integration.inboxScope };
    const entry = await this.deps.map.byWhatsApp(scope, messageId);
    if (entry?.chatwoot_message_id === null || entry?.chatwoot_message_id === undefined) {
      if (job.attempts >= WAIT_FOR_MAPPING) return { kind: "done" };
      return {
        kind: "retry",
        error: "its message is not mapped yet",
        retryAfterMs: 1_000 * job.attempts,
      };
    }
    const next = chatwootStatus(status);
    if ((RANK[next] ?? 0) <= (RANK[entry.delivery_status ?? "sent"] ?? 0)) return { kind: "done" };
    const client = this.deps.chatwoot(integration.chatwoot);
    const patched = await client.updateMessageStatus(
      entry.conversation_id,
      entry.chatwoot_message_id,
      next,
      next === "failed" ? "WhatsApp reported an error delivering this message" : undefined,
    );
    // The message was deleted in Chatwoot: nothing left to tick.
    if (!patched.ok && patched.failure.kind === "not_found") return { kind: "done" };
    if (!patched.ok) return chatwootOutcome(patched.failure);
    return {
      kind: "done",
      commit: (tx) => new MessageMapStore(tx).setDeliveryStatus(scope, messageId, next),
    };
  }
}

function chatwootStatus(status: ReceiptStatus): MessageStatus {
  if (status === "read" || status === "played") return "read";
  if (status === "error") return "failed";
  return "delivered";
}
