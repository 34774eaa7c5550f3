/**
 * Groups, communities and channels (newsletters) on a live connection
 * (ryzeapi-more.md 3–5). Identifiers arrive resolved: group and community JIDs end in
 * `@g.us`, channel JIDs in `@newsletter`, invite codes are bare codes. WhatsApp's
 * refusals come back as a GroupRefusal, whose `reason` the API turns into the
 * documented status and message of the operation at hand.
 */
import { ProviderError } from "./provider.js";

/** What members may do; the four RyzeAPI GroupPermissions. */
export interface GroupSettings {
  /** Members may change name, description and picture (WhatsApp: not "locked"). */
  membersCanEditInfo: boolean;
  /** Members may send messages (WhatsApp: not "announcement"). */
  membersCanSendMessages: boolean;
  /** Members may add others (WhatsApp: member add mode "all_member_add"). */
  membersCanAddOthers: boolean;
  /** Joining by link waits for an admin (WhatsApp: join approval mode on). */
  requireAdminApproval: boolean;
}

export interface GroupMember {
  /** The member as WhatsApp addresses it: a user JID, or an `@lid` when no number is known. */
  jid: string;
  lid: string | null;
  isAdmin: boolean;
  isSuperAdmin: boolean;
}

/** Who last changed something, and when (ISO time); nulls when WhatsApp did not say. */
export interface ChangeMark {
  by: string | null;
  at: string | null;
}

export interface GroupSnapshot {
  jid: string;
  name: string;
  description: string;
  /** Known without asking WhatsApp again; null otherwise (the API asks when it needs it). */
  inviteCode: string | null;
  createdBy: string | null;
  createdAt: string | null;
  /** Every member; may be empty when only the count is known (an invite preview). */
  participants: GroupMember[];
  participantCount: number;
  settings: GroupSettings;
  nameChange: ChangeMark;
  descriptionChange: ChangeMark;
  /** Disappearing messages are on. */
  isEphemeral: boolean;
  /** A community's parent group. */
  isCommunity: boolean;
  /** A community's Announcements group. */
  isDefaultSubGroup: boolean;
  /** The community a subgroup belongs to. */
  parentJid: string | null;
}

export type ParticipantAction = "add" | "remove" | "promote" | "demote" | "approve" | "reject";

export interface ParticipantResult {
  jid: string;
  success: boolean;
  /** Why it failed; absent on success. */
  error?: string;
}

export interface JoinRequest {
  /** Always the requester's `@lid`. */
  jid: string;
  phoneNumber: string | null;
  requestedAt: string | null;
}

export interface JoinResult {
  groupJid: string;
  /** The group asks an admin first: the request waits in the group's requests. */
  requiresApproval: boolean;
}

export interface SubGroup {
  jid: string;
  name: string;
  isDefaultSubGroup: boolean;
}

export interface GroupActions {
  create(name: string, participants: string[]): Promise<GroupSnapshot>;
  /** Every group this account is in (community parents and subgroups included). */
  list(): Promise<GroupSnapshot[]>;
  /** A group this account is in; refuses `not-found` otherwise. */
  info(jid: string): Promise<GroupSnapshot>;
  /** The group behind an invite code, without joining it. */
  inviteInfo(code: string): Promise<GroupSnapshot>;
  /** The current invite code (admins only). */
  inviteCode(jid: string): Promise<string>;
  /** Revokes the invite code and answers the new one (admins only). */
  resetInvite(jid: string): Promise<string>;
  setName(jid: string, name: string): Promise<void>;
  /** "" clears the description. */
  setDescription(jid: string, description: string): Promise<void>;
  /** A 640×640 JPEG, base64; null removes the picture. */
  setPicture(jid: string, jpegBase64: string | null): Promise<void>;
  /** The group's picture URL, or null when there is none or it is hidden. */
  pictureUrl(jid: string): Promise<string | null>;
  /** Changes the settings given, one WhatsApp call each. */
  setSettings(jid: string, settings: Partial<GroupSettings>): Promise<void>;
  /** One result per member; a refusal of the whole call (not an admin) throws. */
  updateParticipants(
    jid: string,
    action: ParticipantAction,
    members: string[],
  ): Promise<ParticipantResult[]>;
  /** Pending requests to join (admins only). */
  requests(jid: string): Promise<JoinRequest[]>;
  join(code: string): Promise<JoinResult>;
  leave(jid: string): Promise<void>;
  /** A community parent (with its Announcements group); refuses `rejected` when WhatsApp will not. */
  createCommunity(name: string, description: string): Promise<GroupSnapshot>;
  linkToCommunity(communityJid: string, groupJid: string): Promise<void>;
  unlinkFromCommunity(communityJid: string, groupJid: string): Promise<void>;
  /** The community's subgroups this account is in. */
  subGroups(communityJid: string): Promise<SubGroup[]>;
}

export interface NewsletterInfo {
  jid: string;
  /** `active`, `suspended`, … */
  state: string;
  name: string;
  description: string;
  /** null when this account may not see it. */
  inviteLink: string | null;
  subscriberCount: number;
  pictureUrl: string | null;
}

export interface NewsletterActions {
  create(name: string, description: string): Promise<NewsletterInfo>;
  /** The channels this account follows or owns. */
  list(): Promise<NewsletterInfo[]>;
  /** By JID or by invite code; null when there is no such channel. */
  info(by: "jid" | "invite", key: string): Promise<NewsletterInfo | null>;
  follow(jid: string): Promise<void>;
  unfollow(jid: string): Promise<void>;
}

/**
 * Why WhatsApp refused a group, community or channel call:
 * - `not-found`: no such group, or this account is not in it;
 * - `forbidden`: this account lacks the rights (not an admin, not allowed);
 * - `invalid-invite`: no group has this invite code;
 * - `revoked`: the invite code was reset or has expired;
 * - `rejected`: every other refusal (the message says which).
 */
export type GroupRefusalReason =
  "not-found" | "forbidden" | "invalid-invite" | "revoked" | "rejected";

export class GroupRefusal extends ProviderError {
  constructor(
    readonly reason: GroupRefusalReason,
    message: string,
  ) {
    super(message, false);
    this.name = "GroupRefusal";
  }
}

export const INVITE_LINK_BASE = "https://chat.whatsapp.com/";
export const CHANNEL_LINK_BASE = "https://whatsapp.com/channel/";
