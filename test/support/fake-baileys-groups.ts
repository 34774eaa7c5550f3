/**
 * The group, community and channel part of the fake WhatsApp: groups the test puts in
 * `groups` answer metadata calls; every call is recorded; a failure queued for a method
 * (a Boom carrying WhatsApp's IQ code, as Baileys throws) is thrown by its next call.
 */
import { Boom } from "@hapi/boom";
import type { GroupMetadata, NewsletterMetadata } from "@whiskeysockets/baileys";
import type { BaileysSocket } from "../../src/providers/baileys/socket.js";

export type Recorder = (method: string, args: unknown[]) => void;

/** A Boom as Baileys throws for an IQ error: WhatsApp's code in `data`. */
export function iqError(code: number, text = "error"): Boom {
  return new Boom(text, { data: code });
}

export class FakeGroupWorld {
  readonly groups = new Map<string, GroupMetadata>();
  readonly failures = new Map<string, Error>();
  /** What groupParticipantsUpdate answers per member (default "200"). */
  readonly memberStatus = new Map<string, string>();
  inviteCode = "FAKEINVITE123";
  acceptAnswer: string | undefined = "120363000000000001@g.us";
  pending: { [key: string]: string }[] = [];

  constructor(private readonly record: Recorder) {}

  answer<T>(method: string, args: unknown[], value: () => T): Promise<T> {
    this.record(method, args);
    const failure = this.failures.get(method);
    if (failure !== undefined) {
      this.failures.delete(method);
      return Promise.reject(failure);
    }
    return Promise.resolve(value());
  }

  metadata(jid: string): GroupMetadata {
    const group = this.groups.get(jid);
    if (group === undefined) throw iqError(404, "item-not-found");
    return group;
  }

  created(subject: string, participants: string[], extra: Partial<GroupMetadata> = {}) {
    const group: GroupMetadata = {
      id: `120363${String(this.groups.size + 1).padStart(12, "0")}@g.us`,
      subject,
      owner: "5511999990000@s.whatsapp.net",
      creation: 1_700_000_000,
      participants: [
        { id: "5511999990000@s.whatsapp.net", admin: "superadmin" },
        ...participants.map((id) => ({ id, admin: null })),
      ],
      ...extra,
    };
    this.groups.set(group.id, group);
    return group;
  }

  newsletter(id: string, name: string): NewsletterMetadata {
    return { id, name, description: "news", invite: "0029VaFAKE", subscribers: 3 };
  }
}

/** The calls every fake socket records, and its group, community and channel methods. */
export class FakeGroupSocket {
  readonly calls: { method: string; args: unknown[] }[] = [];
  readonly world = new FakeGroupWorld((method, args) => this.record(method, args));

  protected record(method: string, args: unknown[]): void {
    this.calls.push({ method, args });
  }

  groupCreate: BaileysSocket["groupCreate"] = (subject, participants) =>
    this.world.answer("groupCreate", [subject, participants], () =>
      this.world.created(subject, participants),
    );
  groupFetchAllParticipating: BaileysSocket["groupFetchAllParticipating"] = () =>
    this.world.answer("groupFetchAllParticipating", [], () =>
      Object.fromEntries(this.world.groups),
    );
  groupGetInviteInfo: BaileysSocket["groupGetInviteInfo"] = (code) =>
    this.world.answer("groupGetInviteInfo", [code], () => {
      const group = [...this.world.groups.values()].find((each) => each.inviteCode === code);
      return group ?? this.world.metadata(this.world.acceptAnswer ?? "");
    });
  groupInviteCode: BaileysSocket["groupInviteCode"] = (jid) =>
    this.world.answer("groupInviteCode", [jid], () => this.world.inviteCode);
  groupRevokeInvite: BaileysSocket["groupRevokeInvite"] = (jid) =>
    this.world.answer("groupRevokeInvite", [jid], () => "NEWFAKEINVITE456");
  groupUpdateSubject: BaileysSocket["groupUpdateSubject"] = (jid, subject) =>
    this.world.answer("groupUpdateSubject", [jid, subject], () => undefined);
  groupUpdateDescription: BaileysSocket["groupUpdateDescription"] = (jid, description) =>
    this.world.answer("groupUpdateDescription", [jid, description], () => undefined);
  groupSettingUpdate: BaileysSocket["groupSettingUpdate"] = (jid, setting) =>
    this.world.answer("groupSettingUpdate", [jid, setting], () => undefined);
  groupMemberAddMode: BaileysSocket["groupMemberAddMode"] = (jid, mode) =>
    this.world.answer("groupMemberAddMode", [jid, mode], () => undefined);
  groupJoinApprovalMode: BaileysSocket["groupJoinApprovalMode"] = (jid, mode) =>
    this.world.answer("groupJoinApprovalMode", [jid, mode], () => undefined);
  groupParticipantsUpdate: BaileysSocket["groupParticipantsUpdate"] = (jid, members, action) =>
    this.world.answer("groupParticipantsUpdate", [jid, members, action], () =>
      members.map((member) => ({
        status: this.world.memberStatus.get(member) ?? "200",
        jid: member,
        content: { tag: "participant", attrs: { jid: member } },
      })),
    );
  groupRequestParticipantsList: BaileysSocket["groupRequestParticipantsList"] = (jid) =>
    this.world.answer("groupRequestParticipantsList", [jid], () => this.world.pending);
  groupRequestParticipantsUpdate: BaileysSocket["groupRequestParticipantsUpdate"] = (
    jid,
    members,
    action,
  ) =>
    this.world.answer("groupRequestParticipantsUpdate", [jid, members, action], () =>
      members.map((member) => ({ status: "200", jid: member })),
    );
  groupAcceptInvite: BaileysSocket["groupAcceptInvite"] = (code) =>
    this.world.answer("groupAcceptInvite", [code], () => this.world.acceptAnswer);
  groupLeave: BaileysSocket["groupLeave"] = (jid) =>
    this.world.answer("groupLeave", [jid], () => undefined);
  communityCreate: BaileysSocket["communityCreate"] = (subject, body) =>
    this.world.answer("communityCreate", [subject, body], () =>
      this.world.created(subject, [], { isCommunity: true, desc: body }),
    );
  communityLinkGroup: BaileysSocket["communityLinkGroup"] = (groupJid, parent) =>
    this.world.answer("communityLinkGroup", [groupJid, parent], () => undefined);
  communityUnlinkGroup: BaileysSocket["communityUnlinkGroup"] = (groupJid, parent) =>
    this.world.answer("communityUnlinkGroup", [groupJid, parent], () => undefined);
  newsletterCreate: BaileysSocket["newsletterCreate"] = (name, description) =>
    this.world.answer("newsletterCreate", [name, description], () =>
      this.world.newsletter("120363999999999999@newsletter", name),
    );
  newsletterMetadata: BaileysSocket["newsletterMetadata"] = (type, key) =>
    this.world.answer("newsletterMetadata", [type, key], () =>
      this.world.newsletter(type === "jid" ? key : "120363888888888888@newsletter", "Channel"),
    );
  newsletterFollow: BaileysSocket["newsletterFollow"] = (jid) =>
    this.world.answer("newsletterFollow", [jid], () => undefined);
  newsletterUnfollow: BaileysSocket["newsletterUnfollow"] = (jid) =>
    this.world.answer("newsletterUnfollow", [jid], () => undefined);
}
