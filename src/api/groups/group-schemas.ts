/** Request and response schemas of the group module (ryzeapi-more.md 3). */
import { z } from "zod";
import { literal, required, whenMissing } from "../../platform/http/required-fields.js";

export const IDENTIFIER_REQUIRED = "Identifier is required";
export const NAME_REQUIRED = "Group name is required";
export const PARTICIPANTS_REQUIRED = "Participants are required";
export const ACTION_REQUIRED = "Action is required";
export const INVALID_ACTION = "Invalid action: use add, remove, promote, demote, approve or reject";
export const NOTHING_TO_UPDATE =
  "At least one of name, description, image, removeImage or groupSettings is required";

export const PARTICIPANT_ACTIONS = [
  "add",
  "remove",
  "promote",
  "demote",
  "approve",
  "reject",
] as const;

export const groupSettingsSchema = z.object({
  membersCanEditInfo: z.boolean().optional(),
  membersCanSendMessages: z.boolean().optional(),
  membersCanAddOthers: z.boolean().optional(),
  requireAdminApproval: z.boolean().optional(),
});

/** Numbers, user JIDs or `@lid`s. */
const memberList = z
  .array(z.string().trim().min(1), { error: whenMissing(PARTICIPANTS_REQUIRED) })
  .min(1, { error: literal(PARTICIPANTS_REQUIRED) });

export const createBody = z.object({
  name: required(NAME_REQUIRED).max(100),
  participants: memberList,
  description: z.string().max(2048).optional(),
  /** A public URL or a `data:` URL. */
  image: z.string().trim().min(1).optional(),
  communityJid: z.string().trim().min(1).optional(),
  groupSettings: groupSettingsSchema.optional(),
});
export type CreateBody = z.infer<typeof createBody>;

export const updateBody = z
  .object({
    identifier: required(IDENTIFIER_REQUIRED),
    name: z.string().trim().min(1).max(100).optional(),
    description: z.string().max(2048).optional(),
    image: z.string().trim().min(1).optional(),
    removeImage: z.boolean().optional(),
    groupSettings: groupSettingsSchema.optional(),
  })
  .refine(
    (body) =>
      body.name !== undefined ||
      body.description !== undefined ||
      body.image !== undefined ||
      body.removeImage === true ||
      (body.groupSettings !== undefined && Object.keys(body.groupSettings).length > 0),
    { error: literal(NOTHING_TO_UPDATE) },
  );
export type UpdateBody = z.infer<typeof updateBody>;

export const participantsBody = z.object({
  action: z.enum(PARTICIPANT_ACTIONS, {
    error: (issue) => literal(issue.input === undefined ? ACTION_REQUIRED : INVALID_ACTION),
  }),
  identifier: required(IDENTIFIER_REQUIRED),
  participants: memberList,
});
export type ParticipantsBody = z.infer<typeof participantsBody>;

export const identifierBody = z.object({ identifier: required(IDENTIFIER_REQUIRED) });

export const identifierQuery = z.object({
  identifier: z.string().optional(),
  token: z.string().optional(),
});

export const infoQuery = identifierQuery.extend({
  /** `false` leaves the member list out (large groups). */
  participants: z.enum(["true", "false"]).optional(),
});

export const listQuery = z.object({
  participants: z.enum(["true", "false"]).optional(),
  token: z.string().optional(),
});

const participant = z.object({
  jid: z.string(),
  lid: z.string().nullable(),
  isAdmin: z.boolean(),
  isSuperAdmin: z.boolean(),
});

const groupPermissions = z.object({
  membersCanEditInfo: z.boolean(),
  membersCanSendMessages: z.boolean(),
  membersCanAddOthers: z.boolean(),
  requireAdminApproval: z.boolean(),
});

export const groupInfo = z.object({
  name: z.string(),
  jid: z.string(),
  description: z.string(),
  inviteCode: z.string().nullable(),
  inviteLink: z.string().nullable(),
  createdBy: z.string().nullable(),
  participantCount: z.number(),
  participants: z.array(participant).optional(),
  groupSettings: groupPermissions,
});

export const groupDetail = groupInfo.extend({
  image: z.string().nullable(),
  createdAt: z.string().nullable(),
  metadata: z.object({
    nameChangedBy: z.string().nullable(),
    nameChangedAt: z.string().nullable(),
    descriptionChangedBy: z.string().nullable(),
    descriptionChangedAt: z.string().nullable(),
  }),
  isEphemeral: z.boolean(),
  isIncognito: z.boolean(),
  isSuspended: z.boolean(),
  isDefaultSubGroup: z.boolean(),
  isCommunity: z.boolean(),
  communityJid: z.string().nullable(),
});

const ok = z.literal(true);

export const groupReply = z.object({ success: ok, message: z.string(), group: groupInfo });

export const updateReply = groupReply.extend({ updatedFields: z.array(z.string()) });

export const detailReply = z.object({ success: ok, message: z.string(), group: groupDetail });

export const listReply = z.object({
  success: ok,
  message: z.string(),
  groups: z.array(groupInfo),
  meta: z.object({ total: z.number() }),
});

export const participantsReply = z.object({
  success: ok,
  message: z.string(),
  groupJid: z.string(),
  action: z.enum(PARTICIPANT_ACTIONS),
  participants: z.array(
    z.object({ jid: z.string(), success: z.boolean(), error: z.string().optional() }),
  ),
});

export const joinReply = z.object({
  success: ok,
  message: z.string(),
  groupJid: z.string(),
  requiresApproval: z.boolean(),
});

export const resetLinkReply = z.object({
  success: ok,
  message: z.string(),
  groupJid: z.string(),
  inviteCode: z.string(),
  inviteLink: z.string(),
});

export const requestsReply = z.object({
  success: ok,
  message: z.string(),
  groupJid: z.string(),
  requests: z.array(
    z.object({
      jid: z.string(),
      phoneNumber: z.string().nullable(),
      requestedAt: z.string().nullable(),
    }),
  ),
  meta: z.object({ total: z.number() }),
});

export const leaveReply = z.object({ success: ok, message: z.string(), groupJid: z.string() });
