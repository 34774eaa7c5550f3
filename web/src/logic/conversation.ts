/**
 * The sandbox phone's chat with one customer, built from the instance's events: the
 * customer's messages (incoming to the instance) and the agent's replies (outgoing),
 * with the receipts each has had. Pure, so it is unit-tested without a browser.
 */
import type { Envelope, ExchangeMessage } from "../api/types";

export type Side = "customer" | "agent";

export interface Bubble {
  id: string;
  side: Side;
  text: string;
  /** The media type of a media message (`image`, …). */
  media: string | undefined;
  timestamp: string;
  /** The furthest receipt: `sent`, `delivered`, `read`, `played`, `read_self`, … */
  status: string;
}

const STATUS_RANK: Record<string, number> = {
  pending: 0,
  sent: 1,
  delivered: 2,
  read: 4,
  read_self: 4,
  played: 5,
  played_self: 5,
};

/** The customer's number as digits (the sandbox's `from`). */
export function digitsOf(number: string): string {
  return number.replace(/\D/g, "");
}

function concerns(message: { chat: { jid: string; phone: string | null } }, customer: string) {
  const digits = digitsOf(customer);
  return message.chat.phone === digits || message.chat.jid.startsWith(`${digits}@`);
}

export function applyEvent(chat: Bubble[], event: Envelope, customer: string): Bubble[] {
  if (event.event === "message.exchange") {
    const message = event.data.message;
    if (!concerns(message, customer) || !isChatMessage(message)) return chat;
    if (chat.some((bubble) => bubble.id === message.id)) return chat;
    return [...chat, bubbleOf(message)];
  }
  if (event.event === "message.status") {
    const { messageId, status } = event.data;
    return chat.map((bubble) =>
      bubble.id === messageId && rank(status) > rank(bubble.status)
        ? { ...bubble, status }
        : bubble,
    );
  }
  return chat;
}

function isChatMessage(message: ExchangeMessage): boolean {
  return message.content.text !== undefined || message.media !== undefined;
}

function bubbleOf(message: ExchangeMessage): Bubble {
  return {
    id: message.id,
    side: message.direction === "incoming" ? "customer" : "agent",
    text: message.content.text ?? "",
    media: message.media?.type,
    timestamp: message.timestamp,
    status: message.direction === "outgoing" ? "sent" : "received",
  };
}

function rank(status: string): number {
  return STATUS_RANK[status] ?? -1;
}
