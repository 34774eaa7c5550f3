/**
 * Request schemas of chat management (ryzeapi-more.md 2.1–2.18). Missing required body
 * fields answer their literal sentence (src/platform/http/required-fields.ts); query
 * parameters are checked by the services, which know the documented wording.
 */
import { z } from "zod";
import { literal, required } from "../../platform/http/required-fields.js";

const NUMBER_REQUIRED = "Number is required";
const flag = z.boolean().optional();
const queryText = z.string().optional();

export const contactsQuery = z.object({ number: queryText, token: queryText });

export const contactsByLabelQuery = z.object({
  labelIds: queryText,
  labelNames: queryText,
  refresh: queryText,
  token: queryText,
});

export const tagCreateBody = z.object({
  name: required("Tag name is required"),
  /** Out of range (or not an integer) silently becomes 0, as documented. */
  color: z.unknown().optional(),
});

export const tagQuery = z.object({ tagId: queryText, token: queryText });

export const assignTagBody = z.object({
  number: required(NUMBER_REQUIRED),
  tagId: z
    .union([z.string(), z.number()], { error: literal("tagId is required") })
    .transform(String),
});

export const unassignTagQuery = z.object({ number: queryText, tagId: queryText, token: queryText });

export const archiveBody = z.object({ number: required(NUMBER_REQUIRED), archive: flag });
export const pinBody = z.object({ number: required(NUMBER_REQUIRED), pin: flag });
export const blockBody = z.object({ number: required(NUMBER_REQUIRED), block: flag });

export const favoriteBody = z.object({
  number: z.string().trim().optional(),
  messageId: z.string().trim().optional(),
  favorite: flag,
});

export const muteBody = z.object({
  number: required(NUMBER_REQUIRED),
  mute: flag,
  duration: z.string().optional(),
});

export const presenceBody = z.object({
  number: required(NUMBER_REQUIRED),
  state: z.string().optional(),
  duration: z.number().int().min(0).optional(),
});

export const deleteChatBody = z.object({
  number: required(NUMBER_REQUIRED),
  deleteMedia: flag,
});

export const historyBody = z.object({
  number: required(NUMBER_REQUIRED),
  count: z.number().int().min(1).max(1000).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
});

export const pollQuery = z.object({ messageId: queryText, token: queryText });

const FORWARD_REQUIRED = "messageId is required or to is required";
export const forwardBody = z.object({
  messageId: required(FORWARD_REQUIRED),
  to: required(FORWARD_REQUIRED),
});

export const editBody = z.object({
  messageId: required("messageId is required"),
  content: required("content is required"),
});

export type FavoriteBody = z.infer<typeof favoriteBody>;
export type MuteBody = z.infer<typeof muteBody>;
export type PresenceBody = z.infer<typeof presenceBody>;
export type HistoryBody = z.infer<typeof historyBody>;

/** The success envelope of these routes: `success`, `message`, then the documented keys. */
export const okReply = z.looseObject({ success: z.literal(true), message: z.string() });
