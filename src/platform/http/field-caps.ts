/**
 * Length caps of request fields, at what WhatsApp and RyzeAPI accept, so that no field
 * can carry a megabyte into the database, the log or a provider call. A field over its
 * cap is a 400 `Invalid request body: <field>: must be at most N characters`.
 */
import { z } from "zod";

export const CAPS = {
  /** WhatsApp's limit on a text message. */
  text: 65_536,
  /** WhatsApp's limit on a media caption. */
  caption: 1_024,
  /** Phone numbers, JIDs (user, group, LID, newsletter) with room to spare. */
  jid: 128,
  /** Message ids are 16 to 32 characters; `wamid.…` forms are longer. */
  messageId: 256,
  /** One emoji sequence (flags and families are several code points). */
  reaction: 64,
  /** A group's member count bounds its mentions. */
  mentions: 1_024,
  fileName: 255,
  mimeType: 255,
  source: 200,
  label: 64,
  url: 4_096,
  secret: 4_096,
  hostName: 253,
  shortText: 255,
  callRejectMessage: 4_096,
  pathPrefix: 1_024,
} as const;

const tooLong = (max: number) => `must be at most ${max} characters`;

/** A string of at most `max` characters. */
export function cappedString(max: number) {
  return z.string().max(max, tooLong(max));
}

/** A list of at most `max` items. */
export function cappedArray<T extends z.ZodType>(item: T, max: number) {
  return z.array(item).max(max, `must hold at most ${max} items`);
}
