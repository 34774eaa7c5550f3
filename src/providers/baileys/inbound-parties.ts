/**
 * Who and where, from Baileys' addressing: the `Party` and `Chat` of ponte's events.
 *
 * Baileys 7 addresses people by `@lid` (WhatsApp's hidden id) or by phone JID, and gives
 * the other form beside it when the server revealed it (`remoteJidAlt`,
 * `participantAlt`, `callerPn`, `phoneNumber`…). ponte's rule (docs/events.md): `jid` is
 * the phone JID whenever the phone is known, else the LID; `lid` keeps the LID either way.
 */
import type { WAMessageKey } from "@whiskeysockets/baileys";
import type { Chat, Party } from "../../contracts/events.js";
import { chatTypeOf, isLidJid, phoneOf, serverOf, USER_SERVER, userOf } from "../jid.js";

/** What the mapping knows of the connection; only `selfJid` is required. */
export interface InboundContext {
  /** This device's JID as Baileys gives it (`creds.me.id`, device suffix allowed). */
  selfJid: string;
  /** This account's LID (`creds.me.lid`), when known. */
  selfLid?: string | null;
  /** The phone JID behind a LID, when the connection has learnt it (Baileys' LID mapping). */
  phoneForLid?: (lid: string) => string | null | undefined;
  /** A group's subject, when the connection has its metadata. */
  groupName?: (groupJid: string) => string | null | undefined;
  /** The clock for events Baileys gives no time for (group and label changes). */
  now?: () => Date;
}

/** A JID without its device or agent suffix (`5511…:12@s.whatsapp.net` → `5511…@s.whatsapp.net`). */
export function plainJid(jid: string): string {
  const server = serverOf(jid);
  return server === undefined ? jid : `${userOf(jid)}@${server}`;
}

/** A JID Baileys may leave empty (`""`) as null, else without its device suffix. */
export function optionalJid(jid: string | null | undefined): string | null {
  return jid === undefined || jid === null || jid === "" ? null : plainJid(jid);
}

export function sameUser(a: string | null | undefined, b: string | null | undefined): boolean {
  const left = optionalJid(a);
  return left !== null && left === optionalJid(b);
}

export function isSelf(jid: string | null | undefined, ctx: InboundContext): boolean {
  return sameUser(jid, ctx.selfJid) || sameUser(jid, ctx.selfLid);
}

function isPhoneJid(jid: string): boolean {
  return serverOf(jid) === USER_SERVER;
}

/**
 * A person from one JID and, when Baileys gave it, the other form of the same account.
 * Groups, newsletters and broadcast lists come back as they are.
 */
export function partyOf(
  jid: string,
  alt: string | null | undefined,
  name: string,
  ctx: InboundContext,
): Party {
  const main = plainJid(jid);
  const other = optionalJid(alt);
  const lid = isLidJid(main) ? main : other !== null && isLidJid(other) ? other : null;
  let phoneJid = isPhoneJid(main) ? main : other !== null && isPhoneJid(other) ? other : null;
  if (phoneJid === null && lid !== null) {
    const known = optionalJid(ctx.phoneForLid?.(lid));
    if (known !== null && isPhoneJid(known)) phoneJid = known;
  }
  if (phoneJid === null && lid === null) return { jid: main, phone: null, lid: null, name };
  return {
    jid: phoneJid ?? lid ?? main,
    phone: phoneJid === null ? null : phoneOf(phoneJid),
    lid,
    name,
  };
}

/** This instance's own number, as the sender of what it (or its phone) sent. */
export function selfParty(ctx: InboundContext, name: string): Party {
  return partyOf(ctx.selfJid, ctx.selfLid, name, ctx);
}

/**
 * The `*Alt` JID Baileys paired with a key, unless it names this account: on a message
 * this device's phone sent, the stanza's sender alternative is our own number, not the
 * contact's, and must not be taken for the chat's.
 */
export function altOf(
  main: string | null | undefined,
  alt: string | null | undefined,
  ctx: InboundContext,
): string | null {
  if (alt === undefined || alt === null || alt === "") return null;
  return isSelf(alt, ctx) && !isSelf(main, ctx) ? null : alt;
}

/** The chat a message key belongs to; `name` is the contact's push name for private chats. */
export function chatOfKey(key: WAMessageKey, name: string, ctx: InboundContext): Chat {
  const remoteJid = key.remoteJid ?? "";
  const type = chatTypeOf(remoteJid);
  if (type === "private") {
    const party = partyOf(remoteJid, altOf(remoteJid, key.remoteJidAlt, ctx), name, ctx);
    return { ...party, type, isCommunity: false };
  }
  const jid = plainJid(remoteJid);
  const subject = type === "group" ? (ctx.groupName?.(jid) ?? "") : "";
  return { jid, phone: null, lid: null, name: subject, type, isCommunity: false };
}

/**
 * A group participant (or a status poster) as ponte names it: the phone JID when known,
 * else the JID as given. Used where the contract holds a bare JID, not a Party.
 */
export function memberJid(
  jid: string | null | undefined,
  alt: string | null | undefined,
  ctx: InboundContext,
): string | null {
  if (jid === undefined || jid === null || jid === "") return optionalJid(alt);
  // Our own LID has no `*Alt` beside it, but we know our number.
  if (isSelf(jid, ctx)) return selfParty(ctx, "").jid;
  return partyOf(jid, alt, "", ctx).jid;
}

/**
 * A protobuf integer: a number, or a `Long` for the 64-bit fields (timestamps, sizes),
 * which becomes a plain `{low, high}` object once a message went through JSON.
 */
export type ProtoInteger =
  number | string | { toNumber(): number } | { low: number; high: number } | null | undefined;

export function numberOf(value: ProtoInteger): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === "number") return value;
  if (typeof value === "string") return Number(value) || 0;
  if ("toNumber" in value) return value.toNumber();
  return value.high * 2 ** 32 + (value.low >>> 0);
}

/** ISO-8601 UTC of a Baileys time in seconds; the context's clock when there is none. */
export function isoFromSeconds(seconds: number, ctx: InboundContext): string {
  const date = new Date(seconds * 1000);
  // A missing, zero or absurd timestamp (past JavaScript's date range) means "now".
  if (!Number.isFinite(seconds) || seconds <= 0 || Number.isNaN(date.getTime())) {
    return nowOf(ctx).toISOString();
  }
  return date.toISOString();
}

export function nowOf(ctx: InboundContext): Date {
  return ctx.now?.() ?? new Date();
}
