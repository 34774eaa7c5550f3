import type { EmulatorState } from "../state.js";
import type { Conversation, Message } from "../types.js";

/** `unread_incoming_messages`: incoming messages newer than the agent's last visit. */
export function unreadCount(state: EmulatorState, conversation: Conversation): number {
  const seen = conversation.agentLastSeenAt ?? 0;
  return state
    .conversationMessages(conversation.id)
    .filter((m) => m.messageType === "incoming" && m.createdAt > seen).length;
}

/** Incoming/outgoing/template and not private: Chatwoot's `Message.chat` scope. */
export const isChatMessage = (m: Message): boolean => m.messageType !== "activity" && !m.private;

/**
 * `Conversation#can_reply?` for API inboxes: without `agent_reply_time_window` an agent
 * can always reply; with it (hours) only while the last incoming message is that fresh.
 */
export function canReply(state: EmulatorState, conversation: Conversation, now: number): boolean {
  const inbox = state.inboxes.get(conversation.inboxId);
  if (inbox?.channel.kind !== "api") return true;
  const raw = inbox.channel.additionalAttributes.agent_reply_time_window;
  const hours = Number(raw);
  if (raw === undefined || raw === null || raw === "" || !Number.isFinite(hours)) return true;
  const incoming = state
    .conversationMessages(conversation.id)
    .filter((m) => m.messageType === "incoming");
  const last = incoming[incoming.length - 1];
  return last !== undefined && now < last.createdAt + hours * 3_600_000;
}
