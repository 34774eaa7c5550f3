/** The job that sends an agent's reply to WhatsApp (kind `cw.message`). */
import { JOB_KINDS } from "../inbound/event-router.js";
import type { NewJob } from "../queue/job-store.js";

export interface OutboundPayload {
  conversationId: number;
  /** The Chatwoot message id. */
  messageId: number;
  content: string;
  senderName: string;
  orderKey: string;
  /** The conversation's contact, for a conversation the gateway has no row for. */
  phone: string | null;
  identifier: string | null;
  /** The status Chatwoot showed when the job was made (`failed`: fix it once sent). */
  chatwootStatus: string;
  /** The agent pressed Retry on a message the gateway had given up on. */
  retry?: boolean;
}

export function outboundJob(
  integrationId: string,
  payload: OutboundPayload,
  dedupeKey: string,
): NewJob {
  return {
    integrationId,
    kind: JOB_KINDS.outboundMessage,
    orderKey: payload.orderKey,
    dedupeKey,
    payload,
  };
}
