/**
 * The message and chat calls of the public API that the integration gateway makes
 * (spec/ryzeapi.md 6.1–6.3): their paths, request bodies and answers. The API validates
 * with these schemas and the gateway builds its requests from them, so a change on one
 * side is a compile error on the other.
 *
 * The gateway names the instance by its global id and authenticates with BRIDGE_TOKEN.
 */
import { z } from "zod";
import { CAPS, cappedArray, cappedString } from "../platform/http/field-caps.js";

/**
 * A caller-chosen WhatsApp message id (ponte's extension). A send that carries one is
 * idempotent: when the instance already sent a message with this id, the API answers
 * that message again and sends nothing. The gateway reserves the id before sending, so
 * a retried job can never send twice and the echo of its own send is recognised.
 */
export const clientMessageIdSchema = z
  .string()
  .regex(/^[A-Z0-9]{12,48}$/, "12 to 48 capital letters or digits");

// Length caps at what WhatsApp and RyzeAPI accept (src/platform/http/field-caps.ts).
const common = {
  number: cappedString(CAPS.jid).trim().min(1),
  /** Seconds of "typing…" before sending. */
  delay: z.number().min(0).max(300).optional(),
  replyTo: cappedString(CAPS.messageId).trim().min(1).optional(),
  replyPrivate: z.boolean().optional(),
  mention: cappedArray(cappedString(CAPS.jid).trim().min(1), CAPS.mentions).optional(),
  mentionAll: z.boolean().optional(),
  source: cappedString(CAPS.source).optional(),
  messageId: clientMessageIdSchema.optional(),
};

export const textBody = z.object({
  ...common,
  message: cappedString(CAPS.text).min(1),
  linkPreview: z.boolean().optional(),
});
export type TextBody = z.infer<typeof textBody>;

export const mediaBody = z.object({
  ...common,
  mediaType: z.enum(["image", "video", "document", "audio"]),
  mediaUrl: z.string().optional(),
  mediaBase64: z.string().optional(),
  message: cappedString(CAPS.caption).optional(),
  mimeType: cappedString(CAPS.mimeType).trim().min(1).optional(),
  fileName: cappedString(CAPS.fileName).trim().min(1).optional(),
  /** Audio only; true (the default) sends a voice note (PTT). */
  isVoice: z.boolean().optional(),
  duration: z.number().min(0).optional(),
  waveform: z.string().optional(),
});
export type MediaBody = z.infer<typeof mediaBody>;

export const reactionBody = z.object({
  number: cappedString(CAPS.jid).trim().min(1),
  messageId: cappedString(CAPS.messageId).trim().min(1),
  /** An emoji, or "remove" to clear the reaction. */
  reaction: cappedString(CAPS.reaction).min(1),
  fromMe: z.boolean().optional(),
  participant: cappedString(CAPS.jid).trim().optional(),
  source: cappedString(CAPS.source).optional(),
});
export type ReactionBody = z.infer<typeof reactionBody>;

/** `data` of a send answer: open, because it echoes what applies to the send. */
export const sendReply = z.object({
  success: z.literal(true),
  message: z.string(),
  status: z.literal("sent"),
  data: z.looseObject({ messageId: z.string(), direction: z.literal("outgoing") }),
});
export type SendReply = z.infer<typeof sendReply>;

export const deleteBody = z.object({
  /** Checked by the service, for the documented `MessageID is required`. */
  messageId: cappedString(CAPS.messageId).trim().optional(),
  deleteForEveryone: z.boolean().optional(),
  source: cappedString(CAPS.source).optional(),
});
export type DeleteBody = z.infer<typeof deleteBody>;

export const deleteReply = z.object({
  success: z.literal(true),
  message: z.string(),
  data: z.object({ messageId: z.string(), delete_type: z.string() }),
});

export const markReadBody = z.object({
  /** One id or several, of messages of this instance. */
  messageId: z.union([
    cappedString(CAPS.messageId).trim().min(1),
    z.array(cappedString(CAPS.messageId).trim().min(1)).min(1).max(500),
  ]),
});
export type MarkReadBody = z.infer<typeof markReadBody>;

export const markReadReply = z.object({
  success: z.literal(true),
  message: z.string(),
  data: z.object({ messageIds: z.array(z.string()) }),
});

export const markChatReadBody = z.object({ number: cappedString(CAPS.jid).trim().min(1) });
export type MarkChatReadBody = z.infer<typeof markChatReadBody>;

/** The paths of these calls for an instance (its name, or its global id for the gateway). */
export const MESSAGE_PATHS = {
  text: (instance: string) => `/api/message/text/${encodeURIComponent(instance)}`,
  media: (instance: string) => `/api/message/media/${encodeURIComponent(instance)}`,
  delete: (instance: string) => `/api/chat/delete/${encodeURIComponent(instance)}`,
  markRead: (instance: string) => `/api/chat/markRead/${encodeURIComponent(instance)}`,
  markChatRead: (instance: string) => `/api/chat/markChatRead/${encodeURIComponent(instance)}`,
} as const;
