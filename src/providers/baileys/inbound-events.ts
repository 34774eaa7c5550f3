/**
 * Baileys' non-message events as ponte's provider events: receipts (`messages.update`,
 * `message-receipt.update`), calls (`call`), groups (`groups.update`, `groups.upsert`,
 * `group-participants.update`) and labels (`labels.edit`, `labels.association`).
 * Each function takes one Baileys payload and returns the events to emit, in order.
 */
import type {
  BaileysEventMap,
  GroupMetadata,
  WACallEvent,
  WACallUpdateType,
} from "@whiskeysockets/baileys";
import type { CallUpdateData } from "../../contracts/events.js";
import type { ProviderEvent } from "../provider.js";
import {
  isoFromSeconds,
  memberJid,
  nowOf,
  optionalJid,
  type InboundContext,
} from "./inbound-parties.js";

export {
  receiptsFromMessageUpdates,
  receiptsFromUserReceipts,
  receiptStatusOf,
} from "./inbound-receipts.js";

// `transport` and `preaccept` are the calling devices negotiating: nothing a user sees.
const CALL_STATUSES: Record<WACallUpdateType, CallUpdateData["status"] | null> = {
  offer: "offer",
  ringing: "notification",
  preaccept: null,
  transport: null,
  relaylatency: "latency",
  accept: "accepted",
  reject: "rejected",
  // Unanswered until WhatsApp gave up: the call is over (a missed call).
  timeout: "terminated",
  terminate: "terminated",
};

export function callEvents(calls: WACallEvent[], ctx: InboundContext): ProviderEvent[] {
  const events: ProviderEvent[] = [];
  for (const call of calls) {
    const status = CALL_STATUSES[call.status];
    if (status === null) continue;
    const seconds = call.date.getTime() / 1000;
    events.push({
      kind: "call",
      call: {
        callId: call.id,
        status,
        // `callerPn` is the caller's phone JID when `from` is a LID.
        from: memberJid(call.from, call.callerPn, ctx) ?? optionalJid(call.chatId) ?? "",
        isVideo: call.isVideo ?? false,
        isGroup: (call.isGroup ?? false) || Boolean(call.groupJid),
        timestamp: isoFromSeconds(seconds, ctx),
      },
    });
  }
  return events;
}

type GroupChange = Partial<GroupMetadata>;

// Who did it and which group: everything else in a `groups.update` entry is the change.
const NOT_CHANGES = new Set(["id", "author", "authorPn", "authorUsername"]);

function changesOf(update: GroupChange): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(update as Record<string, unknown>).filter(
      ([name, value]) => !NOT_CHANGES.has(name) && value !== undefined,
    ),
  );
}

/**
 * Metadata changes (`subject`, `desc`, `announce`, `restrict`, `inviteCode`,
 * `memberAddMode`, `joinApprovalMode`, …) as `update` flows. An entry listing the
 * participants is a full snapshot Baileys emits after fetching every group, not a
 * change: it is skipped.
 */
export function groupUpdateEvents(updates: GroupChange[], ctx: InboundContext): ProviderEvent[] {
  const events: ProviderEvent[] = [];
  for (const update of updates) {
    if (!update.id || update.participants !== undefined) continue;
    const changes = changesOf(update);
    if (Object.keys(changes).length === 0) continue;
    events.push({
      kind: "group",
      group: {
        groupJid: optionalJid(update.id) ?? update.id,
        action: "update",
        participants: [],
        author: memberJid(update.author, update.authorPn, ctx),
        changes,
        timestamp: nowOf(ctx).toISOString(),
      },
    });
  }
  return events;
}

/** A group this account was put in or created (`groups.upsert`), as a `create` flow. */
export function groupCreateEvents(groups: GroupMetadata[], ctx: InboundContext): ProviderEvent[] {
  return groups.map((group) => ({
    kind: "group",
    group: {
      groupJid: optionalJid(group.id) ?? group.id,
      action: "create",
      participants: group.participants
        .map((member) => memberJid(member.id, member.phoneNumber, ctx))
        .filter((jid): jid is string => jid !== null),
      author: memberJid(group.author ?? group.owner, group.authorPn ?? group.ownerPn, ctx),
      changes: {
        subject: group.subject,
        ...(group.desc === undefined ? {} : { desc: group.desc }),
      },
      timestamp: isoFromSeconds(group.creation ?? 0, ctx),
    },
  }));
}

/** Members added, removed (or left), promoted, demoted, or changing number (`modify`). */
export function groupParticipantsEvent(
  update: BaileysEventMap["group-participants.update"],
  ctx: InboundContext,
): ProviderEvent {
  return {
    kind: "group",
    group: {
      groupJid: optionalJid(update.id) ?? update.id,
      action: update.action,
      participants: update.participants
        .map((member) => memberJid(member.id, member.phoneNumber, ctx))
        .filter((jid): jid is string => jid !== null),
      author: memberJid(update.author, update.authorPn, ctx),
      changes: {},
      timestamp: nowOf(ctx).toISOString(),
    },
  };
}

/** A label created, renamed or recoloured (`edit`), or deleted (`delete`). */
export function labelEditEvent(
  label: BaileysEventMap["labels.edit"],
  ctx: InboundContext,
): ProviderEvent {
  return {
    kind: "label",
    label: {
      labelId: label.id,
      action: label.deleted ? "delete" : "edit",
      name: label.name,
      color: label.color,
      chatJid: null,
      messageId: null,
      timestamp: nowOf(ctx).toISOString(),
    },
  };
}

/** A label put on (`add`) or taken off (`remove`) a chat or a message. */
export function labelAssociationEvent(
  update: BaileysEventMap["labels.association"],
  ctx: InboundContext,
): ProviderEvent {
  const { association, type } = update;
  return {
    kind: "label",
    label: {
      labelId: association.labelId,
      action: type,
      name: null,
      color: null,
      chatJid: memberJid(association.chatId, null, ctx),
      messageId: "messageId" in association ? association.messageId : null,
      timestamp: nowOf(ctx).toISOString(),
    },
  };
}
