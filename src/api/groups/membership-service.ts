/**
 * Who is in a group (ryzeapi-more.md 3.5–3.9): members added, removed, promoted,
 * demoted; requests approved or rejected; the invite link reset; joining and leaving.
 */
import { badRequest, forbidden, notFound } from "../../platform/errors.js";
import type {
  JoinRequest,
  JoinResult,
  ParticipantAction,
  ParticipantResult,
} from "../../providers/provider-groups.js";
import { phoneOf } from "../../providers/jid.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import {
  GROUP_NOT_FOUND,
  INVALID_INVITE,
  JOIN_FORBIDDEN,
  LEAVE_FORBIDDEN,
  REQUESTS_FORBIDDEN,
  RESET_FORBIDDEN,
  groupCall,
} from "./group-calls.js";
import { parseInvite } from "./group-identifier.js";
import { memberJids } from "./group-members.js";
import type { GroupService } from "./group-service.js";

const SUPER_ADMIN_ACTIONS: ParticipantAction[] = ["promote", "demote"];

export class MembershipService {
  constructor(private readonly groups: GroupService) {}

  async participants(
    instance: InstanceRecord,
    identifier: string,
    action: ParticipantAction,
    participants: string[],
  ): Promise<{ groupJid: string; results: ParticipantResult[] }> {
    const connection = this.groups.connection(instance);
    const group = await this.groups.resolve(connection, identifier);
    let members = memberJids(participants);
    if (action === "approve" || action === "reject") {
      // Requests are by LID: a phone number is matched to the request it made.
      const pending = await groupCall("list group requests", () =>
        connection.groups.requests(group.jid),
      );
      members = members.map((jid) => requestLid(pending, jid));
    }
    const rank = SUPER_ADMIN_ACTIONS.includes(action) ? "super-admin" : "admin";
    const results = await groupCall(
      `${action} participants`,
      () => connection.groups.updateParticipants(group.jid, action, members),
      { forbidden: () => forbidden(`Not authorized to ${action} participants (must be ${rank})`) },
    );
    return { groupJid: group.jid, results };
  }

  async join(instance: InstanceRecord, identifier: string): Promise<JoinResult> {
    const connection = this.groups.connection(instance);
    const code = parseInvite(identifier);
    if (code === undefined) throw badRequest(INVALID_INVITE);
    return groupCall("join group", () => connection.groups.join(code), {
      "not-found": () => notFound(GROUP_NOT_FOUND),
      forbidden: () => forbidden(JOIN_FORBIDDEN),
    });
  }

  async resetLink(
    instance: InstanceRecord,
    identifier: string,
  ): Promise<{ groupJid: string; inviteCode: string }> {
    const connection = this.groups.connection(instance);
    const group = await this.groups.resolve(connection, identifier);
    const inviteCode = await groupCall(
      "reset group invite link",
      () => connection.groups.resetInvite(group.jid),
      { forbidden: () => forbidden(RESET_FORBIDDEN) },
    );
    return { groupJid: group.jid, inviteCode };
  }

  async requests(
    instance: InstanceRecord,
    identifier: string,
  ): Promise<{ groupJid: string; requests: JoinRequest[] }> {
    const connection = this.groups.connection(instance);
    const group = await this.groups.resolve(connection, identifier);
    const requests = await groupCall(
      "list group requests",
      () => connection.groups.requests(group.jid),
      { forbidden: () => forbidden(REQUESTS_FORBIDDEN) },
    );
    return { groupJid: group.jid, requests };
  }

  async leave(instance: InstanceRecord, identifier: string): Promise<string> {
    const connection = this.groups.connection(instance);
    const group = await this.groups.resolve(connection, identifier);
    await groupCall("leave group", () => connection.groups.leave(group.jid), {
      forbidden: () => forbidden(LEAVE_FORBIDDEN),
    });
    return group.jid;
  }
}

/** The `@lid` of the request a phone number made; the member as given otherwise. */
function requestLid(pending: JoinRequest[], jid: string): string {
  const phone = phoneOf(jid);
  if (phone === null) return jid;
  const request = pending.find(
    (each) => each.phoneNumber !== null && phoneOf(each.phoneNumber) === phone,
  );
  return request?.jid ?? jid;
}
