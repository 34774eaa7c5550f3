/** Request and response schemas of the message module (spec/ryzeapi.md 6.1–6.3). */
import { z } from "zod";

const common = {
  number: z.string().trim().min(1),
  /** Seconds of "typing…" before sending. */
  delay: z.number().min(0).max(300).optional(),
  replyTo: z.string().trim().min(1).optional(),
  replyPrivate: z.boolean().optional(),
  mention: z.array(z.string().trim().min(1)).optional(),
  mentionAll: z.boolean().optional(),
  source: z.string().max(200).optional(),
};

export const textBody = z.object({
  ...common,
  message: z.string().min(1),
  linkPreview: z.boolean().optional(),
});
export type TextBody = z.infer<typeof textBody>;

export const mediaBody = z.object({
  ...common,
  mediaType: z.enum(["image", "video", "document", "audio"]),
  mediaUrl: z.string().optional(),
  mediaBase64: z.string().optional(),
  message: z.string().optional(),
  mimeType: z.string().trim().min(1).optional(),
  fileName: z.string().trim().min(1).optional(),
  /** Audio only; true (the default) sends a voice note (PTT). */
  isVoice: z.boolean().optional(),
  duration: z.number().min(0).optional(),
  waveform: z.string().optional(),
});
export type MediaBody = z.infer<typeof mediaBody>;

export const reactionBody = z.object({
  number: z.string().trim().min(1),
  messageId: z.string().trim().min(1),
  /** An emoji, or "remove" to clear the reaction. */
  reaction: z.string().min(1),
  fromMe: z.boolean().optional(),
  participant: z.string().trim().optional(),
  source: z.string().max(200).optional(),
});
export type ReactionBody = z.infer<typeof reactionBody>;

/** `data` of a send answer: open, because it echoes what applies to the send. */
export const sendReply = z.object({
  success: z.literal(true),
  message: z.string(),
  status: z.literal("sent"),
  data: z.looseObject({ messageId: z.string(), direction: z.literal("outgoing") }),
});
