/** A group as the API shows it: GroupInfo and GroupDetail (ryzeapi-more.md 3). */
import { INVITE_LINK_BASE, type GroupSnapshot } from "../../providers/provider-groups.js";

export interface ViewOptions {
  inviteCode: string | null;
  /** false leaves the member list out (the count stays). */
  participants: boolean;
}

export function inviteLinkOf(code: string): string {
  return `${INVITE_LINK_BASE}${code}`;
}

export function groupInfoOf(group: GroupSnapshot, options: ViewOptions) {
  const { inviteCode } = options;
  return {
    name: group.name,
    jid: group.jid,
    description: group.description,
    inviteCode,
    inviteLink: inviteCode === null ? null : inviteLinkOf(inviteCode),
    createdBy: group.createdBy,
    participantCount: group.participantCount,
    ...(options.participants
      ? {
          participants: group.participants.map((member) => ({
            jid: member.jid,
            lid: member.lid,
            isAdmin: member.isAdmin,
            isSuperAdmin: member.isSuperAdmin,
          })),
        }
      : {}),
    groupSettings: { ...group.settings },
  };
}

export function groupDetailOf(group: GroupSnapshot, options: ViewOptions, image: string | null) {
  return {
    ...groupInfoOf(group, options),
    image,
    createdAt: group.createdAt,
    metadata: {
      nameChangedBy: group.nameChange.by,
      nameChangedAt: group.nameChange.at,
      descriptionChangedBy: group.descriptionChange.by,
      descriptionChangedAt: group.descriptionChange.at,
    },
    isEphemeral: group.isEphemeral,
    // Neither provider reports these; WhatsApp sets them on few groups.
    isIncognito: false,
    isSuspended: false,
    isDefaultSubGroup: group.isDefaultSubGroup,
    isCommunity: group.isCommunity,
    communityJid: group.parentJid,
  };
}
