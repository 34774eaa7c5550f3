/**
 * Requests to join a group (`group.join-request`) as `group.flow` events: `request` when
 * one is made, `request_revoked` when the requester takes it back, `request_rejected`
 * when an admin turns it down. `participants` holds the requester (its number when
 * WhatsApp sends one), `changes.method` how the request came (`invite_link`, …).
 */
import type { BaileysEventMap } from "@whiskeysockets/baileys";
import type { ProviderEvent } from "../provider.js";
import { memberJid, nowOf, optionalJid, type InboundContext } from "./inbound-parties.js";

const ACTIONS = { created: "request", revoked: "request_revoked", rejected: "request_rejected" };

export function groupJoinRequestEvent(
  request: BaileysEventMap["group.join-request"],
  ctx: InboundContext,
): ProviderEvent {
  const requester = memberJid(request.participant, request.participantPn, ctx);
  return {
    kind: "group",
    group: {
      groupJid: optionalJid(request.id) ?? request.id,
      action: ACTIONS[request.action],
      participants: requester === null ? [] : [requester],
      author: memberJid(request.author, request.authorPn, ctx),
      changes: request.method === undefined ? {} : { method: request.method },
      timestamp: nowOf(ctx).toISOString(),
    },
  };
}
