/**
 * Receipts: a message's delivery, read and played marks. Private chats come as
 * `messages.update` (one status per message); groups and status posts as
 * `message-receipt.update` (one entry per member). Re-exported by inbound-events.ts.
 */
import {
  proto,
  type MessageUserReceiptUpdate,
  type WAMessageKey,
  type WAMessageUpdate,
} from "@whiskeysockets/baileys";
import type { ReceiptStatus } from "../../contracts/events.js";
import type { ProviderEvent } from "../provider.js";
import {
  chatOfKey,
  isoFromSeconds,
  isSelf,
  memberJid,
  numberOf,
  type InboundContext,
} from "./inbound-parties.js";

const Status = proto.WebMessageInfo.Status;

/** A message's new status; `_self` when this account read someone else's message. */
export function receiptStatusOf(
  status: proto.WebMessageInfo.Status,
  fromMe: boolean,
): ReceiptStatus {
  switch (status) {
    case Status.ERROR:
      return "error";
    case Status.PENDING:
      return "pending";
    case Status.SERVER_ACK:
      return "sent";
    case Status.DELIVERY_ACK:
      return "delivered";
    case Status.READ:
      return fromMe ? "read" : "read_self";
    case Status.PLAYED:
      return fromMe ? "played" : "played_self";
  }
}

function receiptEvent(
  key: WAMessageKey,
  status: ReceiptStatus,
  participant: string | null,
  timestamp: string,
  ctx: InboundContext,
): ProviderEvent {
  return {
    kind: "receipt",
    receipt: {
      messageId: key.id ?? "",
      status,
      fromMe: key.fromMe ?? false,
      chat: chatOfKey(key, "", ctx),
      participant,
      timestamp,
    },
  };
}

/**
 * Receipts of private chats. Other updates in the batch (edits, revokes, poll votes,
 * media re-uploads) are skipped: the message itself arrives in `messages.upsert`.
 */
export function receiptsFromMessageUpdates(
  updates: WAMessageUpdate[],
  ctx: InboundContext,
): ProviderEvent[] {
  const events: ProviderEvent[] = [];
  for (const { key, update } of updates) {
    const status = update.status;
    if (status === null || status === undefined || !key.id || !key.remoteJid) continue;
    const fromMe = key.fromMe ?? false;
    // Baileys gives the receipt's own time here; a local status change has none.
    const timestamp = isoFromSeconds(numberOf(update.messageTimestamp), ctx);
    const participant =
      chatOfKey(key, "", ctx).type === "group" ? memberJid(key.participant, null, ctx) : null;
    events.push(receiptEvent(key, receiptStatusOf(status, fromMe), participant, timestamp, ctx));
  }
  return events;
}

/**
 * Per-member receipts of groups (and status posts). Baileys reports one timestamp per
 * receipt: delivery in `receiptTimestamp`, read in `readTimestamp` (played receipts too,
 * as it folds them into read), played in `playedTimestamp` when it has one.
 */
export function receiptsFromUserReceipts(
  updates: MessageUserReceiptUpdate[],
  ctx: InboundContext,
): ProviderEvent[] {
  const events: ProviderEvent[] = [];
  for (const { key, receipt } of updates) {
    if (!key.id || !key.remoteJid || !receipt.userJid) continue;
    const reader = memberJid(receipt.userJid, null, ctx);
    const own = isSelf(receipt.userJid, ctx);
    let status: ReceiptStatus;
    let seconds: number;
    if (receipt.playedTimestamp) {
      [status, seconds] = [own ? "played_self" : "played", numberOf(receipt.playedTimestamp)];
    } else if (receipt.readTimestamp) {
      [status, seconds] = [own ? "read_self" : "read", numberOf(receipt.readTimestamp)];
    } else if (receipt.receiptTimestamp) {
      [status, seconds] = ["delivered", numberOf(receipt.receiptTimestamp)];
    } else {
      continue;
    }
    events.push(receiptEvent(key, status, reader, isoFromSeconds(seconds, ctx), ctx));
  }
  return events;
}
