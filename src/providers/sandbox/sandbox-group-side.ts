/**
 * What contacts do with groups and channels on the sandbox (docs/sandbox.md): make a
 * group (with or without the instance in it), ask to join one of the instance's groups,
 * start a channel. Each is what WhatsApp would then show the instance.
 */
import type { ProviderEventSink } from "../provider.js";
import { userJid } from "../jid.js";
import type { SandboxPhone } from "./sandbox-phone.js";

export interface ContactGroup {
  name: string;
  /** The creator's number. */
  owner: string;
  /** Other members' numbers. */
  members: string[];
  /** The instance is a member (default) … */
  includeInstance: boolean;
  /** … and an admin. */
  instanceIsAdmin: boolean;
  requireAdminApproval: boolean;
}

export class SandboxGroupSide {
  constructor(
    private readonly phone: SandboxPhone,
    private readonly sink: ProviderEventSink,
    private readonly self: string,
  ) {}

  createGroup(input: ContactGroup): { groupJid: string; inviteCode: string } {
    const owner = userJid(input.owner);
    const members = input.members.map((number) => userJid(number));
    if (input.includeInstance) members.push(this.self);
    const group = this.phone.groups.add({
      name: input.name,
      creator: owner,
      members,
      settings: { requireAdminApproval: input.requireAdminApproval },
    });
    const own = group.members.get(this.self);
    if (own !== undefined && input.instanceIsAdmin) own.isAdmin = true;
    if (input.includeInstance) {
      this.sink.emit({
        kind: "group",
        group: {
          groupJid: group.jid,
          action: "create",
          participants: [...group.members.keys()],
          author: owner,
          changes: { subject: input.name },
          timestamp: group.createdAt,
        },
      });
    }
    return { groupJid: group.jid, inviteCode: group.inviteCode };
  }

  /** A contact asks to join; answers the request's `@lid`, or undefined without such a group. */
  requestToJoin(groupJid: string, number: string, lid: string | undefined): string | undefined {
    const group = this.phone.groups.groups.get(groupJid);
    if (group === undefined) return undefined;
    const requester = lid ?? this.phone.lidOfPhone(number) ?? `${number.slice(-10)}77@lid`;
    this.phone.rememberContact(number, requester, "");
    const requestedAt = new Date().toISOString();
    group.requests.set(requester, { phoneNumber: userJid(number), requestedAt });
    this.sink.emit({
      kind: "group",
      group: {
        groupJid,
        action: "request",
        participants: [requester],
        author: userJid(number),
        changes: {},
        timestamp: requestedAt,
      },
    });
    return requester;
  }

  createNewsletter(name: string, description: string): { jid: string; inviteCode: string } {
    const newsletter = this.phone.groups.addNewsletter(name, description, false);
    return { jid: newsletter.info.jid, inviteCode: newsletter.inviteCode };
  }
}
