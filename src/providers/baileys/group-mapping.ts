/**
 * Baileys' group metadata as ponte's snapshot, and WhatsApp's refusals (an IQ error code
 * Baileys carries in a Boom's `data`) as GroupRefusals.
 */
import type { GroupMetadata, GroupParticipant } from "@whiskeysockets/baileys";
import { ProviderError } from "../provider.js";
import { GroupRefusal, type GroupMember, type GroupSnapshot } from "../provider-groups.js";
import { isLidJid } from "../jid.js";
import { statusCodeOf } from "./lifecycle.js";

function isoOf(seconds: number | undefined): string | null {
  return seconds === undefined || seconds === 0 ? null : new Date(seconds * 1000).toISOString();
}

export function memberOf(participant: GroupParticipant): GroupMember {
  const lid = isLidJid(participant.id) ? participant.id : (participant.lid ?? null);
  const admin = participant.admin ?? null;
  return {
    jid: participant.phoneNumber ?? participant.id,
    lid,
    isAdmin: admin === "admin" || admin === "superadmin",
    isSuperAdmin: admin === "superadmin",
  };
}

export function snapshotOfMetadata(group: GroupMetadata): GroupSnapshot {
  const participants = group.participants.map(memberOf);
  return {
    jid: group.id,
    name: group.subject,
    description: group.desc ?? "",
    inviteCode: group.inviteCode ?? null,
    createdBy: group.ownerPn ?? group.owner ?? null,
    createdAt: isoOf(group.creation),
    participants,
    participantCount: group.size ?? participants.length,
    settings: {
      membersCanEditInfo: group.restrict !== true,
      membersCanSendMessages: group.announce !== true,
      membersCanAddOthers: group.memberAddMode === true,
      requireAdminApproval: group.joinApprovalMode === true,
    },
    nameChange: {
      by: group.subjectOwnerPn ?? group.subjectOwner ?? null,
      at: isoOf(group.subjectTime),
    },
    descriptionChange: {
      by: group.descOwnerPn ?? group.descOwner ?? null,
      at: isoOf(group.descTime),
    },
    isEphemeral: (group.ephemeralDuration ?? 0) > 0,
    isCommunity: group.isCommunity === true,
    isDefaultSubGroup: group.isCommunityAnnounce === true,
    parentJid: group.linkedParent ?? null,
  };
}

/** WhatsApp's IQ error code: Baileys puts it in the Boom's `data`. */
function whatsAppCode(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const data = (error as { data?: unknown }).data;
  return typeof data === "number" && Number.isFinite(data) ? data : undefined;
}

/** Baileys' own Boom status for a dropped link or an unanswered query. */
const LINK_FAILURES = new Set([408, 428, 440, 503, 515]);

/** Runs one Baileys call; WhatsApp's refusal becomes a GroupRefusal, a dropped link retryable. */
export async function refusing<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw refusalOf(error);
  }
}

export function refusalOf(error: unknown): Error {
  if (error instanceof ProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = whatsAppCode(error);
  if (code === undefined) {
    const status = statusCodeOf(error);
    if (status !== undefined && LINK_FAILURES.has(status)) return new ProviderError(message, true);
    return new GroupRefusal("rejected", message);
  }
  if (code === 401 || code === 403) return new GroupRefusal("forbidden", message);
  if (code === 404) return new GroupRefusal("not-found", message);
  // WhatsApp answers a reset (or expired) code with 406, one that never existed with 410.
  if (code === 406) return new GroupRefusal("revoked", message);
  if (code === 410) return new GroupRefusal("invalid-invite", message);
  return new GroupRefusal("rejected", `${message} (${code})`);
}

/** Why one member's change failed, from WhatsApp's per-member status. */
export function memberFailure(status: string): string {
  const reasons: Record<string, string> = {
    "400": "WhatsApp refused the request",
    "401": "not authorized",
    "403": "not allowed by the member's privacy settings",
    "404": "not on WhatsApp, or not a participant",
    "406": "not allowed for this member",
    "408": "left the group recently; send an invite link instead",
    "409": "already a participant",
    "500": "WhatsApp failed to apply the change",
  };
  return reasons[status] ?? `WhatsApp answered ${status}`;
}
