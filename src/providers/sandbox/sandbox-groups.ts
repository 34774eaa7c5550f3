/**
 * Groups and communities on the sandbox phone, with WhatsApp's rules: only members see
 * a group, admins manage members, the invite link and the settings, the creator alone
 * promotes and demotes; every change is a `group.flow` event and an outbox entry
 * (`kind: "group"`).
 */
import type { ProviderEventSink } from "../provider.js";
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
import { phoneOf } from "../jid.js";
import {
  MAX_SUBGROUPS,
  newInviteCode,
  snapshotOf,
  type SandboxGroup,
} from "./sandbox-group-state.js";
import type { SandboxPhone } from "./sandbox-phone.js";
import { memberUpdate } from "./sandbox-members.js";

export class SandboxGroups implements GroupActions {
  constructor(
    private readonly phone: SandboxPhone,
    private readonly sink: ProviderEventSink,
    private readonly self: string,
    private readonly ready: () => Promise<void>,
  ) {}

  private get state() {
    return this.phone.groups;
  }

  async create(name: string, participants: string[]): Promise<GroupSnapshot> {
    await this.ready();
    const members = participants.filter((jid) => {
      const phone = phoneOf(jid);
      return phone === null || this.phone.exists(phone);
    });
    const group = this.state.add({ name, creator: this.self, members });
    this.record(group.jid, "create", { name, participants: members });
    this.flow(group.jid, "create", [...group.members.keys()], { subject: name });
    return snapshotOf(group);
  }

  async list(): Promise<GroupSnapshot[]> {
    await this.ready();
    return [...this.state.groups.values()]
      .filter((group) => group.members.has(this.self))
      .map(snapshotOf);
  }

  async info(jid: string): Promise<GroupSnapshot> {
    await this.ready();
    return snapshotOf(this.member(jid));
  }

  async inviteInfo(code: string): Promise<GroupSnapshot> {
    await this.ready();
    return snapshotOf(this.invited(code));
  }

  async inviteCode(jid: string): Promise<string> {
    await this.ready();
    const group = this.member(jid);
    this.requireAdmin(group);
    return group.inviteCode;
  }

  async resetInvite(jid: string): Promise<string> {
    await this.ready();
    const group = this.member(jid);
    this.requireAdmin(group);
    this.state.revokedCodes.add(group.inviteCode);
    group.inviteCode = newInviteCode();
    this.record(jid, "resetInvite", {});
    this.flow(jid, "update", [], { inviteCode: group.inviteCode });
    return group.inviteCode;
  }

  async setName(jid: string, name: string): Promise<void> {
    await this.ready();
    const group = this.editable(jid);
    group.name = name;
    group.nameChange = { by: this.self, at: new Date().toISOString() };
    this.changed(group, { subject: name });
  }

  async setDescription(jid: string, description: string): Promise<void> {
    await this.ready();
    const group = this.editable(jid);
    group.description = description;
    group.descriptionChange = { by: this.self, at: new Date().toISOString() };
    this.changed(group, { desc: description });
  }

  async setPicture(jid: string, jpegBase64: string | null): Promise<void> {
    await this.ready();
    const group = this.editable(jid);
    group.pictureBase64 = jpegBase64;
    this.record(jid, "setPicture", { removed: jpegBase64 === null });
    this.flow(jid, "update", [], { picture: jpegBase64 === null ? "removed" : "set" });
  }

  async pictureUrl(jid: string): Promise<string | null> {
    await this.ready();
    const group = this.member(jid);
    return group.pictureBase64 === null ? null : `sandbox://group/${jid}.jpg`;
  }

  async setSettings(jid: string, settings: Partial<GroupSettings>): Promise<void> {
    await this.ready();
    const group = this.member(jid);
    this.requireAdmin(group);
    group.settings = { ...group.settings, ...settings };
    this.changed(group, { ...settings });
  }

  async updateParticipants(
    jid: string,
    action: ParticipantAction,
    members: string[],
  ): Promise<ParticipantResult[]> {
    await this.ready();
    const group = this.member(jid);
    const own = group.members.get(this.self);
    const promoting = action === "promote" || action === "demote";
    if (promoting ? own?.isSuperAdmin !== true : own?.isAdmin !== true)
      throw new GroupRefusal(
        "forbidden",
        `sandbox: ${action} needs a ${promoting ? "super-" : ""}admin`,
      );
    const results = members.map((member) =>
      memberUpdate(group, action, member, (phone) => this.phone.exists(phone)),
    );
    const done = results.filter((result) => result.success).map((result) => result.jid);
    this.record(jid, "participants", { action, participants: members });
    if (done.length > 0) {
      const flowAction = action === "approve" ? "add" : action;
      if (action !== "reject") this.flow(jid, flowAction, done, {});
    }
    return results;
  }

  async requests(jid: string): Promise<JoinRequest[]> {
    await this.ready();
    const group = this.member(jid);
    this.requireAdmin(group);
    return [...group.requests].map(([lid, request]) => ({ jid: lid, ...request }));
  }

  async join(code: string): Promise<JoinResult> {
    await this.ready();
    const group = this.invited(code);
    if (group.members.has(this.self)) return { groupJid: group.jid, requiresApproval: false };
    if (group.settings.requireAdminApproval) {
      group.requests.set(this.selfLid(), {
        phoneNumber: this.self,
        requestedAt: new Date().toISOString(),
      });
      this.record(group.jid, "join", { code, pending: true });
      return { groupJid: group.jid, requiresApproval: true };
    }
    group.members.set(this.self, { isAdmin: false, isSuperAdmin: false, lid: null });
    this.record(group.jid, "join", { code, pending: false });
    this.flow(group.jid, "add", [this.self], {});
    return { groupJid: group.jid, requiresApproval: false };
  }

  async leave(jid: string): Promise<void> {
    await this.ready();
    const group = this.member(jid);
    if (group.isDefaultSubGroup)
      throw new GroupRefusal("forbidden", "sandbox: leave the community instead");
    const leaving = [group, ...(group.isCommunity ? this.state.subGroupsOf(jid) : [])];
    for (const left of leaving) {
      if (!left.members.delete(this.self)) continue;
      this.flow(left.jid, "remove", [this.self], {});
    }
    this.record(jid, "leave", {});
  }

  async createCommunity(name: string, description: string): Promise<GroupSnapshot> {
    await this.ready();
    const parent = this.state.add({
      name,
      description,
      creator: this.self,
      members: [],
      isCommunity: true,
    });
    this.state.add({
      name,
      creator: this.self,
      members: [],
      isDefaultSubGroup: true,
      parentJid: parent.jid,
      settings: { membersCanSendMessages: false },
    });
    this.record(parent.jid, "createCommunity", { name, description });
    this.flow(parent.jid, "create", [this.self], { subject: name, isCommunity: true });
    return snapshotOf(parent);
  }

  async linkToCommunity(communityJid: string, groupJid: string): Promise<void> {
    await this.ready();
    const [community, group] = this.pair(communityJid, groupJid);
    if (group.isDefaultSubGroup || group.isCommunity)
      throw new GroupRefusal("rejected", "the Announcements group or a community cannot be linked");
    if (group.parentJid === communityJid)
      throw new GroupRefusal("rejected", "group is already linked to this community");
    if (group.parentJid !== null)
      throw new GroupRefusal("rejected", "group belongs to another community; unlink it first");
    if (this.state.subGroupsOf(communityJid).length >= MAX_SUBGROUPS)
      throw new GroupRefusal("rejected", `community already has ${MAX_SUBGROUPS} subgroups`);
    group.parentJid = community.jid;
    this.record(communityJid, "link", { groupJid });
    this.flow(communityJid, "link", [], { groupJid });
  }

  async unlinkFromCommunity(communityJid: string, groupJid: string): Promise<void> {
    await this.ready();
    const [, group] = this.pair(communityJid, groupJid);
    if (group.isDefaultSubGroup)
      throw new GroupRefusal("rejected", "the Announcements group cannot be unlinked");
    if (group.parentJid !== communityJid)
      throw new GroupRefusal("rejected", "group is not linked to this community");
    group.parentJid = null;
    this.record(communityJid, "unlink", { groupJid });
    this.flow(communityJid, "unlink", [], { groupJid });
  }

  async subGroups(communityJid: string): Promise<SubGroup[]> {
    await this.ready();
    return this.state
      .subGroupsOf(communityJid)
      .filter((group) => group.members.has(this.self))
      .map((group) => ({
        jid: group.jid,
        name: group.name,
        isDefaultSubGroup: group.isDefaultSubGroup,
      }));
  }

  /** A group this account is in. */
  private member(jid: string): SandboxGroup {
    const group = this.state.groups.get(jid);
    if (group === undefined || !group.members.has(this.self))
      throw new GroupRefusal("not-found", "sandbox: not a member of this group");
    return group;
  }

  private invited(code: string): SandboxGroup {
    if (this.state.revokedCodes.has(code))
      throw new GroupRefusal("revoked", "sandbox: invite code was reset");
    const group = this.state.byInviteCode(code);
    if (group === undefined) throw new GroupRefusal("invalid-invite", "sandbox: no such invite");
    return group;
  }

  /** A community and a group, both administered by this account. */
  private pair(communityJid: string, groupJid: string): [SandboxGroup, SandboxGroup] {
    const community = this.member(communityJid);
    if (!community.isCommunity) throw new GroupRefusal("rejected", "not a community");
    const group = this.member(groupJid);
    this.requireAdmin(community);
    this.requireAdmin(group);
    return [community, group];
  }

  /** Name, description and picture: admins, or anyone when members may edit info. */
  private editable(jid: string): SandboxGroup {
    const group = this.member(jid);
    if (!group.settings.membersCanEditInfo) this.requireAdmin(group);
    return group;
  }

  private requireAdmin(group: SandboxGroup): void {
    if (group.members.get(this.self)?.isAdmin !== true)
      throw new GroupRefusal("forbidden", "sandbox: only admins may do this");
  }

  private selfLid(): string {
    return this.phone.lidOfPhone(phoneOf(this.self) ?? "") ?? `${phoneOf(this.self) ?? "0"}9@lid`;
  }

  private changed(group: SandboxGroup, changes: Record<string, unknown>): void {
    this.record(group.jid, "update", changes);
    this.flow(group.jid, "update", [], changes);
  }

  private record(jid: string, action: string, details: Record<string, unknown>): void {
    this.phone.record({
      kind: "group",
      to: jid,
      messageId: null,
      timestamp: new Date().toISOString(),
      action,
      details,
    });
  }

  private flow(
    groupJid: string,
    action: string,
    participants: string[],
    changes: Record<string, unknown>,
  ): void {
    this.sink.emit({
      kind: "group",
      group: {
        groupJid,
        action,
        participants,
        author: this.self,
        changes,
        timestamp: new Date().toISOString(),
      },
    });
  }
}
