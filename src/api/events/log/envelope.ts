/** Turning stored events into the public envelope, and the `events` filter rules. */
import type {
  EventEnvelope,
  EventType,
  InstanceData,
  MessageExchangeData,
} from "../../../contracts/events.js";
import type { StoredEvent } from "./log-store.js";

/** An empty filter means every event type (spec 5.1). */
export function wants(filter: readonly EventType[], event: EventType): boolean {
  return filter.length === 0 || filter.includes(event);
}

/** The submitted list without repeats, in the order submitted (Decisions 11). */
export function distinctEvents(events: readonly EventType[] | undefined): EventType[] {
  return [...new Set(events ?? [])];
}

/**
 * The envelope of a stored event. `media.base64` is added only for channels that asked
 * for it, and only when the event was read with its media.
 */
export function toEnvelope(
  stored: StoredEvent,
  instanceData: InstanceData,
  withMedia: boolean,
): EventEnvelope {
  let data = stored.data;
  if (withMedia && stored.event === "message.exchange" && stored.mediaBase64 !== undefined) {
    const exchange = data as MessageExchangeData;
    const media = exchange.message.media;
    if (media !== undefined) {
      data = {
        ...exchange,
        message: { ...exchange.message, media: { ...media, base64: stored.mediaBase64 } },
      };
    }
  }
  // The log stores `event` and `data` together, so they always belong to each other.
  return { event: stored.event, seq: stored.seq, data, instanceData } as EventEnvelope;
}
