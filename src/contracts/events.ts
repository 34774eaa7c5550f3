/**
 * The event envelope every consumer sees: webhook deliveries, `/ws/:instance` frames and
 * the bridge's `/ws/chatwoot/:instance` stream (spec/ryzeapi.md 5.1, Decision 10).
 *
 * These shapes are a contract between the API and its consumers (the bridge included):
 * fields are only ever added, never renamed or removed. Each shape is a zod schema, so a
 * consumer validates a frame once ({@link eventEnvelopeSchema}) and then switches on
 * `event` exhaustively, with `data` typed by it. docs/events.md shows examples.
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

export const instanceDataSchema = z.object({
  baseUrl: z.string(),
  instance: z.string(),
  token: z.string(),
});
export type InstanceData = z.infer<typeof instanceDataSchema>;

/** Someone on WhatsApp: a phone-number account, possibly also known by a hidden `@lid`. */
export const partySchema = z.object({
  /**
   * The full JID: `<digits>@s.whatsapp.net` when the phone number is known, otherwise the
   * `<id>@lid` JID. Never a bare number.
   */
  jid: z.string(),
  /** The phone number in international form, digits only; null when only a LID is known. */
  phone: z.string().nullable(),
  /** The hidden identifier (`<id>@lid`) when WhatsApp revealed one, else null. */
  lid: z.string().nullable(),
  /** The push name (or group subject for a group chat); "" when unknown. */
  name: z.string(),
});
export type Party = z.infer<typeof partySchema>;

export const chatTypeSchema = z.enum(["private", "group", "newsletter", "broadcast"]);
export type ChatType = z.infer<typeof chatTypeSchema>;

export const chatSchema = partySchema.extend({ type: chatTypeSchema, isCommunity: z.boolean() });
export type Chat = z.infer<typeof chatSchema>;

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
  // Buttons, lists, carousels, forms and PIX cards (interactive messages): `content.interactive`.
  "interactive",
] as const;
export const messageTypeSchema = z.enum(MESSAGE_TYPES);
export type MessageType = z.infer<typeof messageTypeSchema>;

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
export const mediaTypeSchema = z.enum(MEDIA_TYPES);
export type MediaType = z.infer<typeof mediaTypeSchema>;

export const mediaInfoSchema = z.object({
  type: mediaTypeSchema,
  mimetype: z.string(),
  /** Size in bytes of the decoded file. */
  size: z.number(),
  fileName: z.string().nullable(),
  /** Seconds, for audio and video when known. */
  duration: z.number().nullable(),
  /** The provider's download URL (null for the sandbox, which keeps bytes in the log). */
  url: z.string().nullable(),
  s3Url: z.string().nullable(),
  /** Only on channels with `mediaBase64: true` (and in GET /api/chat/base64). */
  base64: z.string().optional(),
});
export type MediaInfo = z.infer<typeof mediaInfoSchema>;

/** The message another one points at (a quote, a reaction, an edit, a revoke). */
export const messageRefSchema = z.object({
  messageId: z.string(),
  /** Whether the referenced message was sent by this instance. */
  fromMe: z.boolean(),
  /** Its author's JID in a group; null in a private chat. */
  participant: z.string().nullable(),
});
export type MessageRef = z.infer<typeof messageRefSchema>;

export const locationContentSchema = z.object({
  latitude: z.number(),
  longitude: z.number(),
  /** The place's name and address, when a place (not a bare pin) was shared. */
  name: z.string().nullable(),
  address: z.string().nullable(),
  url: z.string().nullable(),
  live: z.boolean(),
});
export type LocationContent = z.infer<typeof locationContentSchema>;

export const contactCardSchema = z.object({
  /** The name shown on the card. */
  name: z.string(),
  /** The card itself, a vCard 3.0 text (it holds the phone numbers, `waid=` for WhatsApp). */
  vcard: z.string(),
});
export type ContactCard = z.infer<typeof contactCardSchema>;

export const pollContentSchema = z.object({
  name: z.string(),
  options: z.array(z.string()),
  /** How many options a voter may pick; 0 means any number. */
  selectableCount: z.number(),
});
export type PollContent = z.infer<typeof pollContentSchema>;

export const pollVoteSchema = z.object({
  /** The poll's question, when the provider knows the poll. */
  pollName: z.string().nullable(),
  /** The names of the options chosen. */
  options: z.array(z.string()),
});
export type PollVote = z.infer<typeof pollVoteSchema>;

export const selectionSchema = z.object({
  /** The id the sender gave the row or button. */
  id: z.string(),
  /** The text the contact saw and tapped (also in `content.text`). */
  title: z.string(),
});
export type Selection = z.infer<typeof selectionSchema>;

export const INTERACTIVE_KINDS = ["buttons", "list", "carousel", "form", "pix"] as const;

/** An interactive message as it was sent: its kind and the definition the sender gave. */
export const interactiveContentSchema = z.object({
  kind: z.enum(INTERACTIVE_KINDS),
  /** The buttons, rows, cards or fields, as sent (see docs/messages.md per kind). */
  definition: z.record(z.string(), z.unknown()),
});
export type InteractiveContent = z.infer<typeof interactiveContentSchema>;

export const messageContentSchema = z.object({
  /** The text of a text message, the caption of a media message, an edit's new text. */
  text: z.string().optional(),
  /** A reaction's emoji; "" when the reaction was removed. */
  reaction: z.string().optional(),
  /** `location`: where, in degrees; `live` for a live-location share (its latest point). */
  location: locationContentSchema.optional(),
  /** `contact`: the shared contact cards (one, or several from a contacts array). */
  contacts: z.array(contactCardSchema).optional(),
  /** `poll`: the question and its options. */
  poll: pollContentSchema.optional(),
  /** `poll_vote`: the options chosen (the poll is in `target`). An empty list withdraws the vote. */
  vote: pollVoteSchema.optional(),
  /** `list_response` and `button_response`: the row or button the contact picked. */
  selection: selectionSchema.optional(),
  /** `interactive`: buttons, a list, a carousel, a form or a PIX card (the body is `text`). */
  interactive: interactiveContentSchema.optional(),
});
export type MessageContent = z.infer<typeof messageContentSchema>;

/** The object under `data.message` of `message.exchange`. */
export const exchangeMessageSchema = z.object({
  /** The WhatsApp message id; for reactions, edits and revokes, their own protocol id. */
  id: z.string(),
  type: messageTypeSchema,
  direction: z.enum(["incoming", "outgoing"]),
  fromMe: z.boolean(),
  /** ISO-8601 UTC. */
  timestamp: z.string(),
  chat: chatSchema,
  /** Who wrote it: the contact (private), the participant (group), or this instance. */
  sender: partySchema,
  content: messageContentSchema,
  media: mediaInfoSchema.optional(),
  /** The quoted message, when this one is a reply. */
  replyTo: messageRefSchema.optional(),
  /** For `reaction`, `message_edit` and `message_revoke`: the message acted on. */
  target: messageRefSchema.optional(),
  /** JIDs mentioned (groups). */
  mentions: z.array(z.string()).optional(),
  mentionAll: z.boolean().optional(),
  /** The `source` of the send that produced it (Decision 13); absent otherwise. */
  source: z.string().optional(),
});
export type ExchangeMessage = z.infer<typeof exchangeMessageSchema>;

/** `message.exchange`: a message sent or received, an edit, a reaction or a revoke. */
export const messageExchangeDataSchema = z.object({
  /** Same as `message.id`. */
  id: z.string(),
  /** Same as `message.type` (a delete-for-everyone is `message_revoke`). */
  type: messageTypeSchema,
  message: exchangeMessageSchema,
});
export type MessageExchangeData = z.infer<typeof messageExchangeDataSchema>;

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
export const receiptStatusSchema = z.enum(RECEIPT_STATUSES);
export type ReceiptStatus = z.infer<typeof receiptStatusSchema>;

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
export const messageStatusDataSchema = z.object({
  messageId: z.string(),
  status: receiptStatusSchema,
  statusCode: z.number(),
  /** Whether the message was sent by this instance (false for `read_self`). */
  fromMe: z.boolean(),
  chat: chatSchema,
  /** Who reported it in a group (the reader); null in a private chat. */
  participant: z.string().nullable(),
  timestamp: z.string(),
});
export type MessageStatusData = z.infer<typeof messageStatusDataSchema>;

/** `instance.state`: a connection change. */
export const instanceStateDataSchema = z.object({
  state: z.enum(["connected", "connecting", "disconnected", "loggedout"]),
  /** `connected`, `connecting`, `qr_ready`, `logged_out`, `temp_banned`, … */
  reason: z.string(),
  numberJid: z.string().nullable(),
  timestamp: z.string(),
});
export type InstanceStateData = z.infer<typeof instanceStateDataSchema>;

/** `call.update`. */
export const callUpdateDataSchema = z.object({
  callId: z.string(),
  status: z.enum(["offer", "accepted", "rejected", "terminated", "notification", "latency"]),
  from: z.string(),
  isVideo: z.boolean(),
  isGroup: z.boolean(),
  timestamp: z.string(),
});
export type CallUpdateData = z.infer<typeof callUpdateDataSchema>;

/** `group.flow`: membership and metadata changes of a group. */
export const groupFlowDataSchema = z.object({
  groupJid: z.string(),
  action: z.string(),
  participants: z.array(z.string()),
  author: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()),
  timestamp: z.string(),
});
export type GroupFlowData = z.infer<typeof groupFlowDataSchema>;

/** `label.update`. */
export const labelUpdateDataSchema = z.object({
  labelId: z.string(),
  action: z.string(),
  name: z.string().nullable(),
  color: z.number().nullable(),
  chatJid: z.string().nullable(),
  messageId: z.string().nullable(),
  timestamp: z.string(),
});
export type LabelUpdateData = z.infer<typeof labelUpdateDataSchema>;

/** The `data` schema of each event type. */
export const EVENT_DATA_SCHEMAS = {
  "message.exchange": messageExchangeDataSchema,
  "message.status": messageStatusDataSchema,
  "call.update": callUpdateDataSchema,
  "group.flow": groupFlowDataSchema,
  "instance.state": instanceStateDataSchema,
  "label.update": labelUpdateDataSchema,
} as const satisfies Record<EventType, z.ZodType>;

export type EventDataByType = {
  [K in EventType]: z.infer<(typeof EVENT_DATA_SCHEMAS)[K]>;
};
export type EventData = EventDataByType[EventType];

function envelopeOf<K extends EventType>(event: K) {
  return z.object({
    event: z.literal(event),
    /** The instance's event sequence number (ponte's extension, for resumption). */
    seq: z.number().int().positive(),
    data: EVENT_DATA_SCHEMAS[event],
    instanceData: instanceDataSchema,
  });
}

/** One event as every consumer receives it; `event` decides the shape of `data`. */
export const eventEnvelopeSchema = z.discriminatedUnion("event", [
  envelopeOf("message.exchange"),
  envelopeOf("message.status"),
  envelopeOf("call.update"),
  envelopeOf("group.flow"),
  envelopeOf("instance.state"),
  envelopeOf("label.update"),
]);
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;
/** The envelope of one event type. */
export type EnvelopeOf<K extends EventType> = Extract<EventEnvelope, { event: K }>;
