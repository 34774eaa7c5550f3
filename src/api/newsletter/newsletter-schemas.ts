/** Request and response schemas of the newsletter (channel) module (ryzeapi-more.md 5). */
import { z } from "zod";
import { required } from "../../platform/http/required-fields.js";
import { IDENTIFIER_REQUIRED } from "../groups/group-schemas.js";

export const NEWSLETTER_NAME_REQUIRED = "Newsletter name is required";

export const createBody = z.object({
  name: required(NEWSLETTER_NAME_REQUIRED).max(100),
  description: z.string().max(2048).optional(),
});

export const joinBody = z.object({ identifier: required(IDENTIFIER_REQUIRED) });

export const identifierQuery = z.object({
  identifier: z.string().optional(),
  token: z.string().optional(),
});

export const tokenQuery = z.object({ token: z.string().optional() });

export const channel = z.object({
  jid: z.string(),
  state: z.string(),
  name: z.string(),
  description: z.string(),
  inviteLink: z.string().optional(),
  subscriberCount: z.number(),
  pictureUrl: z.string().optional(),
});

const ok = z.literal(true);

export const channelReply = z.object({ success: ok, message: z.string(), channel });

export const listReply = z.object({
  success: ok,
  message: z.string(),
  channels: z.array(channel),
  meta: z.object({ total: z.number() }),
});

export const channelJidReply = z.object({
  success: ok,
  message: z.string(),
  channelJid: z.string(),
});
