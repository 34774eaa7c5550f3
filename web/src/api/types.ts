/** The API's wire shapes the page reads (docs/events.md, docs/chatwoot-module.md, spec 4). */

export type ConnectionState = "connected" | "connecting" | "disconnected" | "loggedout";

export const EVENT_KINDS = [
  "message.exchange",
  "message.status",
  "instance.state",
  "call.update",
  "group.flow",
  "label.update",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface Settings {
  autoRejectCalls: boolean;
  callRejectMessage: string;
  ignoreGroupMessages: boolean;
  keepOnlineStatus: boolean;
  autoReadMessages: boolean;
  disableHistorySync: boolean;
  ignoreStatus: boolean;
}

export interface ProxyView {
  enabled: boolean;
  host: string | null;
  port: string | null;
  protocol: string | null;
  username: string | null;
}

export interface InstanceView {
  id: string;
  name: string;
  token?: string;
  provider: string;
  connection: {
    state: string;
    numberJid: string | null;
    presenceStatus: string;
    displayStatus: string;
  };
  profile: { name: string; pictureUrl: string; isBusiness: boolean; businessName: string };
  chatwoot: { enabled: boolean; status?: string | null };
  settings: Settings;
  proxy: ProxyView;
  createdAt: string;
}

export interface InstanceList {
  instances: InstanceView[];
}

export type Session = { kind: "account" } | { kind: "instance"; instance: string };

export type ConnectAnswer =
  | { status: "qr"; qrCode: string; qrCodeBase64: string }
  | { status: "pairing"; pairingCode: string }
  | { status: "connected" };

export interface WebhookView {
  label: string;
  enabled: boolean;
  url: string;
  authorization: string;
  byEvents: boolean;
  events: EventKind[];
  mediaBase64: boolean;
}

export interface DeadLetter {
  id: string;
  label: string;
  event: EventKind | null;
  seq: number;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  failedAt: string | null;
}

export interface WebhookTestResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface ChatwootIntegration {
  instance_name: string;
  status: string;
  bridge_integration_id: string;
  chatwoot_base_url: string;
  chatwoot_account_id: number;
  chatwoot_inbox_id: number;
  chatwoot_inbox_name: string;
  last_error: string;
  created_at: string;
  chatwoot_api_token: string;
  sign_messages: boolean;
  ignore_groups: boolean;
  start_as_pending: boolean;
  reopen_resolved: boolean;
}

export interface Party {
  jid: string;
  phone: string | null;
  name: string;
}

export interface ExchangeMessage {
  id: string;
  type: string;
  direction: "incoming" | "outgoing";
  fromMe: boolean;
  timestamp: string;
  chat: Party & { type: string };
  sender: Party;
  content: { text?: string; reaction?: string };
  media?: { type: string; mimetype: string; size: number; fileName: string | null };
  target?: { messageId: string };
}

export interface StatusData {
  messageId: string;
  status: string;
  fromMe: boolean;
  chat: Party;
  timestamp: string;
}

export interface InstanceStateData {
  state: ConnectionState;
  reason: string;
  numberJid: string | null;
  timestamp: string;
}

/** A frame of the event stream: the webhook envelope plus `seq`. */
export type Envelope =
  | { event: "message.exchange"; seq: number; data: { message: ExchangeMessage } }
  | { event: "message.status"; seq: number; data: StatusData }
  | { event: "instance.state"; seq: number; data: InstanceStateData }
  | {
      event: "call.update" | "group.flow" | "label.update";
      seq: number;
      data: Record<string, unknown>;
    };

/** A job of the integration gateway (`GET /api/chatwoot/jobs/:instance`, docs/chatwoot-module.md). */
export interface GatewayJob {
  id: number;
  kind: string;
  state: "pending" | "running" | "done" | "dead" | "cancelled";
  attempts: number;
  last_error: string;
  /** What the job is about (message ids and the chat), never the message's content. */
  subject: string;
  created_at: string;
  updated_at: string;
}
