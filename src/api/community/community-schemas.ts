/** Request and response schemas of the community module (ryzeapi-more.md 4). */
import { z } from "zod";
import { literal, required, whenMissing } from "../../platform/http/required-fields.js";

export const COMMUNITY_NAME_REQUIRED = "community name is required";
export const COMMUNITY_JID_REQUIRED = "community jid is required";
export const GROUP_JID_REQUIRED = "group jid is required";
export const COMMUNITY_JID_QUERY_REQUIRED = "communityJid query parameter is required";

const groupJids = z
  .array(z.string().trim().min(1), { error: whenMissing(GROUP_JID_REQUIRED) })
  .min(1, { error: literal(GROUP_JID_REQUIRED) });

export const createBody = z.object({
  name: required(COMMUNITY_NAME_REQUIRED).max(100),
  description: z.string().max(2048).optional(),
  /** A public URL or a `data:` URL. */
  image: z.string().trim().min(1).optional(),
  /** Existing groups to link at once. */
  groupJid: z.array(z.string().trim().min(1)).optional(),
  /** `request_required` makes joining wait for an admin. */
  membershipApprovalMode: z.string().trim().optional(),
});
export type CreateCommunityBody = z.infer<typeof createBody>;

export const linkBody = z.object({
  communityJid: required(COMMUNITY_JID_REQUIRED),
  groupJid: groupJids,
});

export const subGroupsQuery = z.object({
  communityJid: z.string().optional(),
  token: z.string().optional(),
});

const failure = z.object({ jid: z.string(), error: z.string() });

export const linkReply = z.object({
  success: z.boolean(),
  message: z.string(),
  linked: z.array(z.string()),
  failed: z.array(failure),
});

export const createReply = z.object({
  success: z.literal(true),
  message: z.string(),
  isCommunity: z.boolean(),
  community: z.object({
    jid: z.string(),
    name: z.string(),
    description: z.string(),
    /** The Announcements group, when WhatsApp made a community. */
    announcementsJid: z.string().nullable(),
  }),
  linked: z.array(z.string()),
  failed: z.array(failure),
});

export const subGroupsReply = z.object({
  success: z.literal(true),
  message: z.string(),
  communityJid: z.string(),
  subgroups: z.array(
    z.object({ jid: z.string(), name: z.string(), isDefaultSubGroup: z.boolean() }),
  ),
});
