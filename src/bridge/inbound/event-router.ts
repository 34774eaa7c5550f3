/**
 * Which events of an instance become gateway jobs, and under which conversation key.
 * The key comes from the canonical identity of the chat (every alias of a person points
 * at one key, contact-store.ts), so the `@lid` and phone forms of one customer are
 * serialized together and their messages keep their order.
 */
import type { Chat, EventEnvelope } from "../../contracts/events.js";
import type { NewJob } from "../queue/job-store.js";
import type { Integration } from "../integrations/integration-model.js";

export const JOB_KINDS = {
  inboundMessage: "wa.message",
  receipt: "wa.receipt",
  outboundMessage: "cw.message",
} as const;

/** A connection change to record on the integration (not a job). */
export interface StateChange {
  status: "active" | "paused" | "error";
  lastError: string;
}

export interface Routed {
  jobs: NewJob[];
  state?: StateChange | undefined;
}

/** The aliases of a chat's identity, most canonical first. */
export function aliasesOf(chat: Pick<Chat, "jid" | "phone" | "lid" | "type">): string[] {
  if (chat.type !== "private") return [`jid:${chat.jid}`];
  const aliases: string[] = [];
  if (chat.phone !== null) aliases.push(`phone:${chat.phone}`);
  if (chat.lid !== null) aliases.push(`lid:${chat.lid}`);
  if (aliases.length === 0) aliases.push(`jid:${chat.jid}`);
  return aliases;
}

/**
 * Routes one event. `keyOf` resolves a chat's conversation key (it may write the new
 * aliases it learns, in the caller's transaction).
 */
export async function route(
  envelope: EventEnvelope,
  integration: Integration,
  keyOf: (chat: Chat) => Promise<string>,
): Promise<Routed> {
  switch (envelope.event) {
    case "message.exchange": {
      const message = envelope.data.message;
      if (!relevantChat(message.chat, integration)) return { jobs: [] };
      const orderKey = await keyOf(message.chat);
      return {
        jobs: [
          {
            integrationId: integration.id,
            kind: JOB_KINDS.inboundMessage,
            orderKey,
            dedupeKey: `in:${message.id}`,
            payload: { seq: envelope.seq, message },
          },
        ],
      };
    }
    case "message.status": {
      const receipt = envelope.data;
      if (!receipt.fromMe || !relevantChat(receipt.chat, integration)) return { jobs: [] };
      if (!["delivered", "received", "read", "played", "error"].includes(receipt.status))
        return { jobs: [] };
      const orderKey = await keyOf(receipt.chat);
      return {
        jobs: [
          {
            integrationId: integration.id,
            kind: JOB_KINDS.receipt,
            orderKey,
            dedupeKey: `st:${receipt.messageId}:${receipt.status}`,
            payload: { messageId: receipt.messageId, status: receipt.status },
          },
        ],
      };
    }
    case "instance.state":
      return { jobs: [], state: stateChange(envelope.data.state, envelope.data.reason) };
    case "call.update":
    case "group.flow":
    case "label.update":
      return { jobs: [] };
  }
}

function relevantChat(chat: Chat, integration: Integration): boolean {
  if (chat.type === "newsletter" || chat.type === "broadcast") return false;
  return !(chat.type === "group" && integration.flags.ignoreGroups);
}

function stateChange(state: string, reason: string): StateChange | undefined {
  if (state === "connected") return { status: "active", lastError: "" };
  if (state === "loggedout")
    return { status: "error", lastError: `WhatsApp logged out (${reason})` };
  if (state === "disconnected") {
    return { status: "paused", lastError: `WhatsApp connection closed (${reason})` };
  }
  return undefined;
}
