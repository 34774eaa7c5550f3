/** How a job is shown to an operator (admin routes, `ponte bridge jobs`, the API's module). */
import type { GatewayJob } from "../../contracts/bridge.js";
import type { Job } from "./job-store.js";

export interface JobView {
  id: number;
  integration_id: string;
  kind: string;
  state: string;
  attempts: number;
  last_error: string;
  created_at: string;
  updated_at: string;
  /** What the job is about, without message content. */
  subject: string;
}

export function jobView(job: Job): JobView {
  return {
    id: job.id,
    integration_id: job.integrationId,
    kind: job.kind,
    state: job.state,
    attempts: job.attempts,
    last_error: job.lastError,
    created_at: job.createdAt,
    updated_at: job.updatedAt,
    subject: subjectOf(job),
  };
}

/**
 * A job as the contract shows it to an instance's own people (src/contracts/bridge.ts):
 * no payload, only what the job is about.
 */
export function gatewayJobOf(job: Job): GatewayJob {
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    attempts: job.attempts,
    last_error: job.lastError,
    subject: subjectOf(job),
    created_at: job.createdAt,
    updated_at: job.updatedAt,
  };
}

function subjectOf(job: Job): string {
  const payload = job.payload as Record<string, unknown>;
  const message = payload.message as { id?: string; chat?: { jid?: string } } | undefined;
  if (message?.id !== undefined)
    return `WhatsApp message ${message.id} from ${message.chat?.jid ?? "?"}`;
  if (typeof payload.messageId === "number") {
    return `Chatwoot message ${payload.messageId} in conversation ${String(payload.conversationId)}`;
  }
  if (typeof payload.messageId === "string")
    return `receipt of WhatsApp message ${payload.messageId}`;
  return job.kind;
}
