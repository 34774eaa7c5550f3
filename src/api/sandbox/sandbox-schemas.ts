/** Request schemas of the sandbox phone's endpoints (docs/sandbox.md). */
import { z } from "zod";
import { MEDIA_TYPES } from "../../contracts/events.js";

const messageId = z.string().trim().min(1);

export const inboundBody = z
  .object({
    /** The sender: a number, a user JID, or an `…@lid`. */
    from: z.string().trim().min(1),
    /** The phone number behind an `@lid` sender, when WhatsApp reveals it. */
    phone: z.string().trim().optional(),
    pushName: z.string().optional(),
    /** A group JID: the message is `from`'s, in that group. */
    group: z.string().trim().optional(),
    groupName: z.string().optional(),
    /** A message id of your choosing (default: a generated one). */
    id: z.string().trim().min(1).max(128).optional(),
    text: z.string().min(1).optional(),
    media: z
      .object({
        type: z.enum(MEDIA_TYPES),
        base64: z.string().min(1),
        mimeType: z.string().trim().min(1).optional(),
        fileName: z.string().trim().min(1).optional(),
        caption: z.string().optional(),
        duration: z.number().min(0).optional(),
      })
      .optional(),
    replyTo: messageId.optional(),
    reaction: z.object({ messageId, emoji: z.string() }).optional(),
    edit: z.object({ messageId, text: z.string().min(1) }).optional(),
    revoke: z.object({ messageId }).optional(),
    /** A vote on a poll the instance sent: the option names chosen ([] withdraws it). */
    vote: z.object({ messageId, options: z.array(z.string()) }).optional(),
    mentions: z.array(z.string().trim().min(1)).optional(),
  })
  .refine(
    (body) =>
      [body.text, body.media, body.reaction, body.edit, body.revoke, body.vote].filter(
        (v) => v !== undefined,
      ).length === 1,
    { message: "send exactly one of text, media, reaction, edit, revoke, vote" },
  );
export type InboundBody = z.infer<typeof inboundBody>;

export const receiptBody = z.object({
  messageId,
  status: z.enum(["delivered", "read", "played"]),
  /** The reader in a group. */
  participant: z.string().trim().optional(),
});

export const faultsBody = z.object({
  failNextSends: z.number().int().min(0).max(1000).optional(),
  failure: z.enum(["unavailable", "rejected"]).optional(),
  sendDelayMs: z.number().int().min(0).max(60_000).optional(),
  unknownNumbers: z.array(z.string().trim().min(1)).optional(),
});

export const outboxQuery = z.object({
  after: z.coerce.number().int().min(0).optional(),
  token: z.string().optional(),
});

/** Entries of the phone's address book (what `GET /api/chat/contacts` lists). */
export const contactsBody = z.object({
  contacts: z
    .array(
      z.object({
        number: z.string().trim().min(1),
        fullName: z.string().optional(),
        firstName: z.string().optional(),
        businessName: z.string().optional(),
        lid: z.string().trim().optional(),
      }),
    )
    .min(1)
    .max(1000),
});
