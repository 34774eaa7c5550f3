/**
 * Request and response schemas of the chat module (spec/ryzeapi.md 6.3); the calls the
 * gateway makes are shared with it from src/contracts/messages.ts.
 */
import { z } from "zod";
import { CAPS, cappedString } from "../../platform/http/field-caps.js";

export { deleteBody, markChatReadBody, markReadBody } from "../../contracts/messages.js";

export const messageIdQuery = z.object({
  messageId: cappedString(CAPS.messageId).optional(),
  token: z.string().optional(),
});
