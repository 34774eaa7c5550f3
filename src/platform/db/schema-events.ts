/**
 * Tables of the events module: the per-instance event log (also the message store), its
 * sequence counters, webhook and WebSocket configuration, and webhook deliveries.
 */
import type { ColumnType } from "kysely";
import type { Flag } from "./schema.js";

export interface EventSequencesTable {
  instance_id: string;
  last_seq: number;
}

export interface EventsTable {
  instance_id: string;
  seq: number;
  event: string;
  /** message.exchange: the message's own id; message.status: the message reported on. */
  message_id: string | null;
  /** The message a reaction, edit or revoke acts on. */
  target_id: string | null;
  chat_jid: string | null;
  /** message.exchange: whether this instance sent it. */
  from_me: Flag | null;
  /** The `data` object of the envelope, as JSON, without media bytes. */
  data: string;
  media_base64: string | null;
  created_at: string;
}

export interface WebhookConfigsTable {
  id: string;
  instance_id: string;
  label: string;
  enabled: Flag;
  url: string | null;
  authorization_sealed: string | null;
  by_events: Flag;
  /** JSON array, in the order submitted; [] = all. */
  events: string;
  media_base64: Flag;
  created_at: string;
  updated_at: string;
}

export interface WebsocketConfigsTable {
  instance_id: string;
  enabled: Flag;
  events: string;
  media_base64: Flag;
  updated_at: string;
}

export type DeliveryStatus = "pending" | "delivered" | "dead";

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  instance_id: string;
  event_seq: number;
  /**
   * What orders this delivery: the event's chat JID, or "" for instance-level events
   * (connection state, calls, labels). A webhook delivers one event per key at a time,
   * in `event_seq` order; different keys go in parallel.
   */
  order_key: ColumnType<string, string | undefined, string>;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  last_status: number | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** A registered consumer of an instance's stream and the last sequence it recorded. */
export interface EventConsumersTable {
  instance_id: string;
  /** Who reads: "chatwoot" for the integration gateway. */
  consumer: string;
  acked_seq: number;
  updated_at: string;
}

export interface EventsSchema {
  event_sequences: EventSequencesTable;
  events: EventsTable;
  webhook_configs: WebhookConfigsTable;
  websocket_configs: WebsocketConfigsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  event_consumers: EventConsumersTable;
}
