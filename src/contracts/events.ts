/**
 * The event envelope every consumer sees: webhook deliveries, `/ws/:instance` frames and
 * the bridge's `/ws/chatwoot/:instance` stream (spec/ryzeapi.md 5.1, Decision 10).
 */
import { z } from "zod";

export const EVENT_TYPES = [
  "message.exchange",
  "message.status",
  "call.update",
  "group.flow",
  "instance.state",
  "label.update",
] as const;

export const eventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof eventTypeSchema>;

export interface InstanceData {
  baseUrl: string;
  instance: string;
  token: string;
}

export interface EventEnvelope<TData = Record<string, unknown>> {
  event: EventType;
  /** The instance's event sequence number (ponte's extension, for resumption). */
  seq: number;
  data: TData;
  instanceData: InstanceData;
}
