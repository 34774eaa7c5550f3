/** Request and response schemas of the chat module (spec/ryzeapi.md 6.3). */
import { z } from "zod";

export const deleteBody = z.object({
  /** Checked by the service, for the documented `MessageID is required`. */
  messageId: z.string().trim().optional(),
  deleteForEveryone: z.boolean().optional(),
  source: z.string().max(200).optional(),
});

export const markReadBody = z.object({
  /** One id or several, of messages of this instance. */
  messageId: z.union([z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1).max(500)]),
});

export const markChatReadBody = z.object({ number: z.string().trim().min(1) });

export const messageIdQuery = z.object({
  messageId: z.string().optional(),
  token: z.string().optional(),
});
