import type { EmulatorState } from "../state.js";
import type { Conversation, Message } from "../types.js";

/** Index of the first element greater than `value` in an ascending array. */
function upperBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `unread_incoming_messages`: incoming messages newer than the agent's last visit. */
export function unreadCount(state: EmulatorState, conversation: Conversation): number {
  const times = state.incomingMessageTimes(conversation.id);
  return times.length - upperBound(times, conversation.agentLastSeenAt ?? -1);
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
  const times = state.incomingMessageTimes(conversation.id);
  const last = times[times.length - 1];
  return last !== undefined && now < last + hours * 3_600_000;
}
