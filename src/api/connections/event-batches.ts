/**
 * How the connection manager groups an instance's waiting events into one recording
 * (a group commit), and what it says of an event in a log line.
 */
import type { ExchangeMessage } from "../../contracts/events.js";
import type { ProviderEvent } from "../../providers/provider.js";

/** At most this many events, and about this much media, are recorded together. */
export const BATCH_EVENTS = 200;
export const BATCH_MEDIA_CHARS = 8 * 1024 * 1024;

export interface Queued {
  event: ProviderEvent;
  /**
   * Tells those waiting for a message's event (PendingRecords) that it is handled, with
   * the message as stored (none when it was left out or could not be written).
   */
  handled: (stored?: ExchangeMessage) => void;
}

/** The stored message a queued event became, when it is a message event. */
export function storedOf(
  event: ProviderEvent,
  stored: readonly ExchangeMessage[],
): ExchangeMessage | undefined {
  if (event.kind !== "message") return undefined;
  return stored.find((message) => message.id === event.message.id);
}

/**
 * How many of the first waiting events are recorded together: a connection change
 * alone; otherwise up to the next one, within BATCH_EVENTS and BATCH_MEDIA_CHARS (the
 * first event always goes, whatever its media).
 */
export function batchSize(waiting: readonly Queued[]): number {
  if (waiting[0]?.event.kind === "connection") return 1;
  let count = 0;
  let media = 0;
  for (const { event } of waiting) {
    if (count === BATCH_EVENTS || event.kind === "connection") break;
    media += event.kind === "message" ? (event.mediaBase64?.length ?? 0) : 0;
    if (count > 0 && media > BATCH_MEDIA_CHARS) break;
    count += 1;
  }
  return count;
}

/** What identifies an event in a log line, without its content (which may be private). */
export function describeEvent(event: ProviderEvent): Record<string, unknown> {
  switch (event.kind) {
    case "connection":
      return { state: event.state, reason: event.reason };
    case "message":
      return { messageId: event.message.id, type: event.message.type };
    case "receipt":
      return { messageId: event.receipt.messageId, status: event.receipt.status };
    case "call":
      return { callId: event.call.callId };
    case "group":
      return { groupJid: event.group.groupJid, action: event.group.action };
    case "label":
      return { labelId: event.label.labelId, action: event.label.action };
  }
}
