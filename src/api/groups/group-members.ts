/** Members as clients name them (numbers, user JIDs, `@lid`s) as JIDs WhatsApp takes. */
import { badRequest } from "../../platform/errors.js";
import { bareNumber, isLidJid, phoneOf, userJid, userOf } from "../../providers/jid.js";

export function memberJid(raw: string): string {
  const value = raw.trim();
  if (isLidJid(value)) return `${userOf(value)}@lid`;
  const phone = bareNumber(value) ?? phoneOf(value);
  if (phone === null) throw badRequest(`Invalid participant: ${value}`);
  return userJid(phone);
}

/** Each member once, in the order given. */
export function memberJids(raw: string[]): string[] {
  return [...new Set(raw.map(memberJid))];
}
