/**
 * The `identifier` of the group, community and channel routes (ryzeapi-more.md 3, 5):
 * a JID, an invite code, or a full invite link. Pure functions.
 */
import { serverOf } from "../../providers/jid.js";

export type GroupRef = { kind: "jid"; jid: string } | { kind: "code"; code: string };

const GROUP_LINK =
  /^(?:https?:\/\/)?chat\.whatsapp\.com\/(?:invite\/)?([A-Za-z0-9_-]+)\/?(?:[?#].*)?$/i;
const CHANNEL_LINK =
  /^(?:https?:\/\/)?(?:www\.)?whatsapp\.com\/channel\/([A-Za-z0-9_-]+)\/?(?:[?#].*)?$/i;
/** A group id: digits, or the older `<creator>-<time>` form. */
const GROUP_ID = /^\d+(?:-\d+)?$/;
const INVITE_CODE = /^[A-Za-z0-9_-]{6,64}$/;

/** A group JID (`…@g.us` or its bare id), an invite code or a `chat.whatsapp.com` link. */
export function parseGroupIdentifier(raw: string): GroupRef | undefined {
  const value = raw.trim();
  const link = GROUP_LINK.exec(value);
  if (link?.[1] !== undefined) return { kind: "code", code: link[1] };
  if (value.endsWith("@g.us")) {
    return GROUP_ID.test(value.slice(0, -"@g.us".length)) ? { kind: "jid", jid: value } : undefined;
  }
  if (GROUP_ID.test(value)) return { kind: "jid", jid: `${value}@g.us` };
  if (INVITE_CODE.test(value)) return { kind: "code", code: value };
  return undefined;
}

/** An invite code or link only (join takes no JID). */
export function parseInvite(raw: string): string | undefined {
  const ref = parseGroupIdentifier(raw);
  return ref?.kind === "code" ? ref.code : undefined;
}

/**
 * A group JID for the community routes, which take no codes or links; `@g.us` is added
 * when missing. Answers the reason it is not one otherwise.
 */
export function parseCommunityJid(raw: string): { jid: string } | { reason: string } {
  const value = raw.trim();
  const server = serverOf(value);
  if (server !== undefined && server !== "g.us")
    return { reason: `unexpected server "${server}" (want g.us)` };
  const id = server === undefined ? value : value.slice(0, value.lastIndexOf("@"));
  if (!GROUP_ID.test(id)) return { reason: `"${id}" is not a group id` };
  return { jid: `${id}@g.us` };
}

/** A channel: `…@newsletter`, its bare id, a `whatsapp.com/channel/` link or an invite code. */
export function parseNewsletterIdentifier(
  raw: string,
): { kind: "jid"; jid: string } | { kind: "invite"; code: string } | undefined {
  const value = raw.trim();
  const link = CHANNEL_LINK.exec(value);
  const key = link?.[1] ?? value;
  if (key.endsWith("@newsletter")) {
    const id = key.slice(0, -"@newsletter".length);
    return /^\d+$/.test(id) ? { kind: "jid", jid: key } : undefined;
  }
  if (/^\d+$/.test(key)) return { kind: "jid", jid: `${key}@newsletter` };
  if (INVITE_CODE.test(key)) return { kind: "invite", code: key };
  return undefined;
}
