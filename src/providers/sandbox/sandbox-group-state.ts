/**
 * The groups, communities and channels the sandbox phone's WhatsApp knows about: those
 * the instance made or joined, and those contacts made (docs/sandbox.md). In memory, as
 * long as the phone lives.
 */
import { randomBytes, randomInt } from "node:crypto";
import type {
  GroupMember,
  GroupSettings,
  GroupSnapshot,
  NewsletterInfo,
} from "../provider-groups.js";
import { CHANNEL_LINK_BASE } from "../provider-groups.js";

export interface SandboxMember {
  isAdmin: boolean;
  isSuperAdmin: boolean;
  lid: string | null;
}

export interface SandboxGroup {
  jid: string;
  name: string;
  description: string;
  inviteCode: string;
  createdBy: string;
  createdAt: string;
  /** By member JID (user JID, or `@lid`). */
  members: Map<string, SandboxMember>;
  settings: GroupSettings;
  nameChange: { by: string | null; at: string | null };
  descriptionChange: { by: string | null; at: string | null };
  pictureBase64: string | null;
  /** Pending requests to join, by the requester's `@lid`. */
  requests: Map<string, { phoneNumber: string | null; requestedAt: string }>;
  isCommunity: boolean;
  isDefaultSubGroup: boolean;
  parentJid: string | null;
}

export interface SandboxNewsletter {
  info: NewsletterInfo;
  inviteCode: string;
  followed: boolean;
}

/** How many subgroups WhatsApp lets a community have. */
export const MAX_SUBGROUPS = 50;

export const DEFAULT_GROUP_SETTINGS: GroupSettings = {
  membersCanEditInfo: true,
  membersCanSendMessages: true,
  membersCanAddOthers: false,
  requireAdminApproval: false,
};

const CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A 22-character invite code, as WhatsApp's look. */
export function newInviteCode(): string {
  return [...randomBytes(22)].map((byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join("");
}

function digits(count: number): string {
  return Array.from({ length: count }, () => randomInt(10)).join("");
}

export function newGroupJid(): string {
  return `120363${digits(12)}@g.us`;
}

export function newNewsletterJid(): string {
  return `120363${digits(12)}@newsletter`;
}

export class SandboxGroupState {
  readonly groups = new Map<string, SandboxGroup>();
  /** Invite codes that were reset: joining with one says it was revoked. */
  readonly revokedCodes = new Set<string>();
  readonly newsletters = new Map<string, SandboxNewsletter>();

  /** A new group of `members` (the creator first, as super-admin). */
  add(input: {
    name: string;
    creator: string;
    members: string[];
    description?: string;
    settings?: Partial<GroupSettings>;
    isCommunity?: boolean;
    isDefaultSubGroup?: boolean;
    parentJid?: string | null;
  }): SandboxGroup {
    const now = new Date().toISOString();
    const members = new Map<string, SandboxMember>();
    members.set(input.creator, { isAdmin: true, isSuperAdmin: true, lid: null });
    for (const jid of input.members) {
      if (!members.has(jid)) members.set(jid, { isAdmin: false, isSuperAdmin: false, lid: null });
    }
    const group: SandboxGroup = {
      jid: newGroupJid(),
      name: input.name,
      description: input.description ?? "",
      inviteCode: newInviteCode(),
      createdBy: input.creator,
      createdAt: now,
      members,
      settings: { ...DEFAULT_GROUP_SETTINGS, ...input.settings },
      nameChange: { by: input.creator, at: now },
      descriptionChange: { by: null, at: null },
      pictureBase64: null,
      requests: new Map(),
      isCommunity: input.isCommunity ?? false,
      isDefaultSubGroup: input.isDefaultSubGroup ?? false,
      parentJid: input.parentJid ?? null,
    };
    this.groups.set(group.jid, group);
    return group;
  }

  byInviteCode(code: string): SandboxGroup | undefined {
    return [...this.groups.values()].find((group) => group.inviteCode === code);
  }

  subGroupsOf(communityJid: string): SandboxGroup[] {
    return [...this.groups.values()].filter((group) => group.parentJid === communityJid);
  }

  addNewsletter(name: string, description: string, followed: boolean): SandboxNewsletter {
    const inviteCode = newInviteCode();
    const newsletter: SandboxNewsletter = {
      info: {
        jid: newNewsletterJid(),
        state: "active",
        name,
        description,
        inviteLink: `${CHANNEL_LINK_BASE}${inviteCode}`,
        subscriberCount: followed ? 1 : 0,
        pictureUrl: null,
      },
      inviteCode,
      followed,
    };
    this.newsletters.set(newsletter.info.jid, newsletter);
    return newsletter;
  }
}

/** What a group looks like to the API. */
export function snapshotOf(group: SandboxGroup): GroupSnapshot {
  const participants: GroupMember[] = [...group.members].map(([jid, member]) => ({
    jid,
    lid: member.lid,
    isAdmin: member.isAdmin,
    isSuperAdmin: member.isSuperAdmin,
  }));
  return {
    jid: group.jid,
    name: group.name,
    description: group.description,
    // As with WhatsApp, the code is read separately, and by admins only.
    inviteCode: null,
    createdBy: group.createdBy,
    createdAt: group.createdAt,
    participants,
    participantCount: participants.length,
    settings: { ...group.settings },
    nameChange: { ...group.nameChange },
    descriptionChange: { ...group.descriptionChange },
    isEphemeral: false,
    isCommunity: group.isCommunity,
    isDefaultSubGroup: group.isDefaultSubGroup,
    parentJid: group.parentJid,
  };
}
