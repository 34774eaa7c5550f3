/**
 * WhatsApp identifiers (spec/ryzeapi.md 1.1): `<number>@s.whatsapp.net`, `<id>@g.us`,
 * `<id>@newsletter`, `<id>@lid`, `status@broadcast`. Pure functions shared by the
 * providers and the message endpoints.
 */
import type { ChatType } from "../contracts/events.js";

export const USER_SERVER = "s.whatsapp.net";
export const STATUS_BROADCAST = "status@broadcast";

export function userJid(phone: string): string {
  return `${phone}@${USER_SERVER}`;
}

/** The server part of a JID, or undefined for a bare number. */
export function serverOf(jid: string): string | undefined {
  const at = jid.lastIndexOf("@");
  return at === -1 ? undefined : jid.slice(at + 1);
}

/** The user part of a JID without its device suffix (`5511…:12@s.whatsapp.net` → `5511…`). */
export function userOf(jid: string): string {
  const at = jid.lastIndexOf("@");
  const user = at === -1 ? jid : jid.slice(0, at);
  const colon = user.indexOf(":");
  return colon === -1 ? user : user.slice(0, colon);
}

export function isGroupJid(jid: string): boolean {
  return serverOf(jid) === "g.us";
}

export function isLidJid(jid: string): boolean {
  return serverOf(jid) === "lid";
}

export function chatTypeOf(jid: string): ChatType {
  const server = serverOf(jid);
  if (server === "g.us") return "group";
  if (server === "newsletter") return "newsletter";
  if (server === "broadcast") return "broadcast";
  return "private";
}

/** The phone number of a user JID or bare number, digits only; null for other JIDs. */
export function phoneOf(jidOrNumber: string): string | null {
  const server = serverOf(jidOrNumber);
  if (server !== undefined && server !== USER_SERVER) return null;
  const digits = userOf(jidOrNumber).replace(/^\+/, "");
  return /^\d{6,20}$/.test(digits) ? digits : null;
}

/** A bare number (`+55 11 9…`, with spaces or dashes) as digits, or undefined when it is not one. */
export function bareNumber(input: string): string | undefined {
  if (input.includes("@")) return undefined;
  const digits = input.replace(/[\s()+-]/g, "");
  return /^\d{6,20}$/.test(digits) ? digits : undefined;
}

/**
 * The two forms of a Brazilian mobile number: with and without the ninth digit
 * (`55 DD 9XXXXXXXX` ↔ `55 DD XXXXXXXX`). WhatsApp accounts created before the ninth
 * digit keep the short form. The number as given comes first.
 */
export function brazilianVariants(phone: string): string[] {
  const match = /^55(\d{2})(\d{8,9})$/.exec(phone);
  if (match === null) return [phone];
  const [, area, local] = match as unknown as [string, string, string];
  // Only mobile numbers (whose 8-digit form starts 6–9) ever gained the ninth digit.
  if (local.length === 9 && /^9[6-9]/.test(local)) return [phone, `55${area}${local.slice(1)}`];
  if (local.length === 8 && /^[6-9]/.test(local)) return [phone, `55${area}9${local}`];
  return [phone];
}
