/**
 * Groups and communities through Baileys: one socket call per action, WhatsApp's
 * refusals mapped by group-mapping.ts. A group's settings are four separate WhatsApp
 * switches, so `setSettings` makes one call per setting given.
 */
import {
  GroupRefusal,
  type GroupActions,
  type GroupSettings,
  type GroupSnapshot,
  type JoinRequest,
  type JoinResult,
  type ParticipantAction,
  type ParticipantResult,
  type SubGroup,
} from "../provider-groups.js";
import { isLidJid } from "../jid.js";
import { memberFailure, refusing, snapshotOfMetadata } from "./group-mapping.js";
import type { BaileysSocket } from "./socket.js";

export class BaileysGroups implements GroupActions {
  constructor(private readonly socket: () => BaileysSocket) {}

  create(name: string, participants: string[]): Promise<GroupSnapshot> {
    return refusing(async () =>
      snapshotOfMetadata(await this.socket().groupCreate(name, participants)),
    );
  }

  list(): Promise<GroupSnapshot[]> {
    return refusing(async () =>
      Object.values(await this.socket().groupFetchAllParticipating()).map(snapshotOfMetadata),
    );
  }

  info(jid: string): Promise<GroupSnapshot> {
    return refusing(async () => snapshotOfMetadata(await this.socket().groupMetadata(jid)));
  }

  inviteInfo(code: string): Promise<GroupSnapshot> {
    return refusing(async () => {
      const group = snapshotOfMetadata(await this.socket().groupGetInviteInfo(code));
      return { ...group, inviteCode: code };
    });
  }

  inviteCode(jid: string): Promise<string> {
    return refusing(async () => required(await this.socket().groupInviteCode(jid), "invite code"));
  }

  resetInvite(jid: string): Promise<string> {
    return refusing(async () =>
      required(await this.socket().groupRevokeInvite(jid), "new invite code"),
    );
  }

  setName(jid: string, name: string): Promise<void> {
    return refusing(() => this.socket().groupUpdateSubject(jid, name));
  }

  setDescription(jid: string, description: string): Promise<void> {
    // Baileys deletes the description when it is given none.
    return refusing(() =>
      this.socket().groupUpdateDescription(jid, description === "" ? undefined : description),
    );
  }

  setPicture(jid: string, jpegBase64: string | null): Promise<void> {
    const socket = this.socket();
    return refusing(() =>
      jpegBase64 === null
        ? socket.removeProfilePicture(jid)
        : socket.updateProfilePicture(jid, Buffer.from(jpegBase64, "base64")),
    );
  }

  async pictureUrl(jid: string): Promise<string | null> {
    try {
      return (await this.socket().profilePictureUrl(jid, "image")) ?? null;
    } catch {
      // No picture, or hidden from this account: WhatsApp answers 401/404.
      return null;
    }
  }

  async setSettings(jid: string, settings: Partial<GroupSettings>): Promise<void> {
    const socket = this.socket();
    const { membersCanEditInfo, membersCanSendMessages, membersCanAddOthers } = settings;
    await refusing(async () => {
      if (membersCanEditInfo !== undefined)
        await socket.groupSettingUpdate(jid, membersCanEditInfo ? "unlocked" : "locked");
      if (membersCanSendMessages !== undefined)
        await socket.groupSettingUpdate(
          jid,
          membersCanSendMessages ? "not_announcement" : "announcement",
        );
      if (membersCanAddOthers !== undefined)
        await socket.groupMemberAddMode(jid, membersCanAddOthers ? "all_member_add" : "admin_add");
      if (settings.requireAdminApproval !== undefined)
        await socket.groupJoinApprovalMode(jid, settings.requireAdminApproval ? "on" : "off");
    });
  }

  updateParticipants(
    jid: string,
    action: ParticipantAction,
    members: string[],
  ): Promise<ParticipantResult[]> {
    const socket = this.socket();
    return refusing(async () => {
      const answers =
        action === "approve" || action === "reject"
          ? await socket.groupRequestParticipantsUpdate(jid, members, action)
          : await socket.groupParticipantsUpdate(jid, members, action);
      return members.map((member, index) => {
        const answer = answers.find((each) => each.jid === member) ?? answers[index];
        const status = answer?.status ?? "500";
        return status === "200"
          ? { jid: member, success: true }
          : { jid: member, success: false, error: memberFailure(status) };
      });
    });
  }

  requests(jid: string): Promise<JoinRequest[]> {
    return refusing(async () => {
      const pending = await this.socket().groupRequestParticipantsList(jid);
      return pending.map((attrs) => {
        const seconds = Number(attrs.request_time);
        const phone = attrs.phone_number ?? null;
        return {
          jid: attrs.jid ?? "",
          phoneNumber: phone !== null && !isLidJid(phone) ? phone : null,
          requestedAt: Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : null,
        };
      });
    });
  }

  join(code: string): Promise<JoinResult> {
    const socket = this.socket();
    return refusing(async () => {
      const joined = await socket.groupAcceptInvite(code);
      if (joined !== undefined) return { groupJid: joined, requiresApproval: false };
      // A group that asks an admin first answers with the request, not with the group.
      const group = await socket.groupGetInviteInfo(code);
      return { groupJid: group.id, requiresApproval: true };
    });
  }

  leave(jid: string): Promise<void> {
    return refusing(() => this.socket().groupLeave(jid));
  }

  createCommunity(name: string, description: string): Promise<GroupSnapshot> {
    return refusing(async () => {
      const created = await this.socket().communityCreate(name, description);
      if (created === null)
        throw new GroupRefusal("rejected", "WhatsApp did not create the community");
      return snapshotOfMetadata(created);
    });
  }

  linkToCommunity(communityJid: string, groupJid: string): Promise<void> {
    return refusing(() => this.socket().communityLinkGroup(groupJid, communityJid));
  }

  unlinkFromCommunity(communityJid: string, groupJid: string): Promise<void> {
    return refusing(() => this.socket().communityUnlinkGroup(groupJid, communityJid));
  }

  /** From the groups this account is in: WhatsApp's own subgroup list includes others. */
  subGroups(communityJid: string): Promise<SubGroup[]> {
    return refusing(async () =>
      Object.values(await this.socket().groupFetchAllParticipating())
        .filter((group) => group.linkedParent === communityJid)
        .map((group) => ({
          jid: group.id,
          name: group.subject,
          isDefaultSubGroup: group.isCommunityAnnounce === true,
        })),
    );
  }
}

function required(value: string | undefined, what: string): string {
  if (value === undefined || value === "")
    throw new GroupRefusal("rejected", `WhatsApp sent no ${what}`);
  return value;
}
