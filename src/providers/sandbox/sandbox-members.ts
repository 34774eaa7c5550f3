/** One member's add, remove, promote, demote, approve or reject in a sandbox group. */
import type { ParticipantAction, ParticipantResult } from "../provider-groups.js";
import { phoneOf } from "../jid.js";
import type { SandboxGroup } from "./sandbox-group-state.js";

const failed = (jid: string, error: string): ParticipantResult => ({ jid, success: false, error });

export function memberUpdate(
  group: SandboxGroup,
  action: ParticipantAction,
  jid: string,
  exists: (phone: string) => boolean,
): ParticipantResult {
  const member = group.members.get(jid);
  switch (action) {
    case "add": {
      if (member !== undefined) return failed(jid, "already a participant");
      const phone = phoneOf(jid);
      if (phone !== null && !exists(phone)) return failed(jid, "number is not on WhatsApp");
      group.members.set(jid, { isAdmin: false, isSuperAdmin: false, lid: null });
      return { jid, success: true };
    }
    case "remove":
      if (member === undefined) return failed(jid, "not a participant");
      if (member.isSuperAdmin) return failed(jid, "the group's creator cannot be removed");
      group.members.delete(jid);
      return { jid, success: true };
    case "promote":
      if (member === undefined) return failed(jid, "not a participant");
      member.isAdmin = true;
      return { jid, success: true };
    case "demote":
      if (member === undefined) return failed(jid, "not a participant");
      if (member.isSuperAdmin) return failed(jid, "the group's creator cannot be demoted");
      member.isAdmin = false;
      return { jid, success: true };
    case "approve":
    case "reject": {
      const request = group.requests.get(jid);
      if (request === undefined) return failed(jid, "no pending request to join");
      group.requests.delete(jid);
      if (action === "approve") {
        group.members.set(request.phoneNumber ?? jid, {
          isAdmin: false,
          isSuperAdmin: false,
          lid: jid,
        });
      }
      return { jid, success: true };
    }
  }
}
