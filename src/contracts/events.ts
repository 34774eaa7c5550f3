/**
 * The event envelope every consumer sees: webhook deliveries, `/ws/:instance` frames and
 * the bridge's `/ws/chatwoot/:instance` stream (spec/ryzeapi.md 5.1, Decision 10).
 *
 * These shapes are a contract between the API and its consumers (the bridge included):
 * fields are only ever added, never renamed or removed. docs/events.md shows examples.
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

export interface EventEnvelope<TData = EventData> {
  event: EventType;
  /** The instance's event sequence number (ponte's extension, for resumption). */
  seq: number;
  data: TData;
  instanceData: InstanceData;
}

/** Someone on WhatsApp: a phone-number account, possibly also known by a hidden `@lid`. */
export interface Party {
  /**
   * The full JID: `<digits>@s.whatsapp.net` when the phone number is known, otherwise the
   * `<id>@lid` JID. Never a bare number.
   */
  jid: string;
  /** The phone number in international form, digits only; null when only a LID is known. */
  phone: string | null;
  /** The hidden identifier (`<id>@lid`) when WhatsApp revealed one, else null. */
  lid: string | null;
  /** The push name (or group subject for a group chat); "" when unknown. */
  name: string;
}

export type ChatType = "private" | "group" | "newsletter" | "broadcast";

export interface Chat extends Party {
  type: ChatType;
  isCommunity: boolean;
}

export const MESSAGE_TYPES = [
  "text",
  "image",
  "video",
  "audio",
  "ptt",
  "ptv",
  "document",
  "sticker",
  "reaction",
  "message_edit",
  "message_revoke",
  // Added for the Baileys provider; each carries its content in the matching field below.
  "location",
  "contact",
  "poll",
  "poll_vote",
  "list_response",
  "button_response",
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** `ptv` is a round video note (spec 5.1 lists it beside `ptt`). */
export const MEDIA_TYPES = [
  "image",
  "video",
  "audio",
  "ptt",
  "ptv",
  "document",
  "sticker",
] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export interface MediaInfo {
  type: MediaType;
  mimetype: string;
  /** Size in bytes of the decoded file. */
  size: number;
  fileName: string | null;
  /** Seconds, for audio and video when known. */
  duration: number | null;
  /** The provider's download URL (null for the sandbox, which keeps bytes in the log). */
  url: string | null;
  s3Url: string | null;
  /** Only on channels with `mediaBase64: true` (and in GET /api/chat/base64). */
  base64?: string;
}

/** The message another one points at (a quote, a reaction, an edit, a revoke). */
export interface MessageRef {
  messageId: string;
  /** Whether the referenced message was sent by this instance. */
  fromMe: boolean;
  /** Its author's JID in a group; null in a private chat. */
  participant: string | null;
}

export interface MessageContent {
  /** The text of a text message, the caption of a media message, an edit's new text. */
  text?: string;
  /** A reaction's emoji; "" when the reaction was removed. */
  reaction?: string;
  /** `location`: where, in degrees; `live` for a live-location share (its latest point). */
  location?: LocationContent;
  /** `contact`: the shared contact cards (one, or several from a contacts array). */
  contacts?: ContactCard[];
  /** `poll`: the question and its options. */
  poll?: PollContent;
  /** `poll_vote`: the options chosen (the poll is in `target`). An empty list withdraws the vote. */
  vote?: PollVote;
  /** `list_response` and `button_response`: the row or button the contact picked. */
  selection?: Selection;
}

export interface LocationContent {
  latitude: number;
  longitude: number;
  /** The place's name and address, when a place (not a bare pin) was shared. */
  name: string | null;
  address: string | null;
  url: string | null;
  live: boolean;
}

export interface ContactCard {
  /** The name shown on the card. */
  name: string;
  /** The card itself, a vCard 3.0 text (it holds the phone numbers, `waid=` for WhatsApp). */
  vcard: string;
}

export interface PollContent {
  name: string;
  options: string[];
  /** How many options a voter may pick; 0 means any number. */
  selectableCount: number;
}

export interface PollVote {
  /** The poll's question, when the provider knows the poll. */
  pollName: string | null;
  /** The names of the options chosen. */
  options: string[];
}

export interface Selection {
  /** The id the sender gave the row or button. */
  id: string;
  /** The text the contact saw and tapped (also in `content.text`). */
  title: string;
}

/** The object under `data.message` of `message.exchange`. */
export interface ExchangeMessage {
  /** The WhatsApp message id; for reactions, edits and revokes, their own protocol id. */
  id: string;
  type: MessageType;
  direction: "incoming" | "outgoing";
  fromMe: boolean;
  /** ISO-8601 UTC. */
  timestamp: string;
  chat: Chat;
  /** Who wrote it: the contact (private), the participant (group), or this instance. */
  sender: Party;
  content: MessageContent;
  media?: MediaInfo;
  /** The quoted message, when this one is a reply. */
  replyTo?: MessageRef;
  /** For `reaction`, `message_edit` and `message_revoke`: the message acted on. */
  target?: MessageRef;
  /** JIDs mentioned (groups). */
  mentions?: string[];
  mentionAll?: boolean;
  /** The `source` of the send that produced it (Decision 13); absent otherwise. */
  source?: string;
}

/** `message.exchange`: a message sent or received, an edit, a reaction or a revoke. */
export interface MessageExchangeData {
  /** Same as `message.id`. */
  id: string;
  /** Same as `message.type` (a delete-for-everyone is `message_revoke`). */
  type: MessageType;
  message: ExchangeMessage;
}

export const RECEIPT_STATUSES = [
  "pending",
  "sent",
  "delivered",
  "received",
  "read",
  "played",
  "read_self",
  "played_self",
  "error",
] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** Numeric codes of `GET /api/chat/status` (spec 5.1); the `_self` forms count as read/played. */
export const STATUS_CODES: Record<ReceiptStatus, number> = {
  pending: 0,
  sent: 1,
  delivered: 2,
  received: 3,
  read: 4,
  played: 5,
  read_self: 4,
  played_self: 5,
  error: -1,
};

/** `message.status`: a receipt for one message. */
export interface MessageStatusData {
  messageId: string;
  status: ReceiptStatus;
  statusCode: number;
  /** Whether the message was sent by this instance (false for `read_self`). */
  fromMe: boolean;
  chat: Chat;
  /** Who reported it in a group (the reader); null in a private chat. */
  participant: string | null;
  timestamp: string;
}

/** `instance.state`: a connection change. */
export interface InstanceStateData {
  state: "connected" | "connecting" | "disconnected" | "loggedout";
  /** `connected`, `connecting`, `qr_ready`, `logged_out`, `temp_banned`, … */
  reason: string;
  numberJid: string | null;
  timestamp: string;
}

/** `call.update`. */
export interface CallUpdateData {
  callId: string;
  status: "offer" | "accepted" | "rejected" | "terminated" | "notification" | "latency";
  from: string;
  isVideo: boolean;
  isGroup: boolean;
  timestamp: string;
}

/** `group.flow`: membership and metadata changes of a group. */
export interface GroupFlowData {
  groupJid: string;
  action: string;
  participants: string[];
  author: string | null;
  changes: Record<string, unknown>;
  timestamp: string;
}

/** `label.update`. */
export interface LabelUpdateData {
  labelId: string;
  action: string;
  name: string | null;
  color: number | null;
  chatJid: string | null;
  messageId: string | null;
  timestamp: string;
}

export interface EventDataByType {
  "message.exchange": MessageExchangeData;
  "message.status": MessageStatusData;
  "call.update": CallUpdateData;
  "group.flow": GroupFlowData;
  "instance.state": InstanceStateData;
  "label.update": LabelUpdateData;
}

export type EventData = EventDataByType[EventType];
