/**
 * Poll votes. WhatsApp encrypts each vote with a key only the poll's own message holds
 * (`messageContextInfo.messageSecret`), and names the chosen options by their SHA-256.
 * So the connection keeps what `pollSecretOf` returns for every poll it sees (received or
 * sent) and hands it back through `findPoll`; a vote for a poll it never saw cannot be
 * read, and is skipped with a reason rather than shown empty.
 */
import { createHash } from "node:crypto";
import {
  decryptPollVote,
  extractMessageContent,
  type proto,
  type WAMessage,
  type WAMessageKey,
} from "@whiskeysockets/baileys";
import type { Party } from "../../contracts/events.js";
import { isGroupJid } from "../jid.js";
import { plainJid, selfParty, type InboundContext } from "./inbound-parties.js";

/** What decrypting the votes of one poll needs. */
export interface PollSecret {
  messageId: string;
  name: string;
  options: string[];
  encKey: Uint8Array;
  /** The poll's author, in every form known (phone JID and LID): WhatsApp signs with one. */
  creatorJids: string[];
}

function pollOf(content: proto.IMessage | undefined): proto.Message.IPollCreationMessage | null {
  return (
    content?.pollCreationMessage ??
    content?.pollCreationMessageV2 ??
    content?.pollCreationMessageV3 ??
    content?.pollCreationMessageV5 ??
    null
  );
}

/** The author of a key in each form Baileys gave, the phone JID first (as Baileys signs). */
export function authorJids(key: WAMessageKey, ctx: InboundContext): string[] {
  if (key.fromMe) return partyForms(selfParty(ctx, ""));
  const forms = [key.participantAlt, key.remoteJidAlt, key.participant, key.remoteJid]
    .filter((jid): jid is string => typeof jid === "string" && jid !== "" && !isGroupJid(jid))
    .map(plainJid);
  return [...new Set(forms)];
}

export function partyForms(party: Party): string[] {
  return [...new Set([party.jid, party.lid].filter((jid): jid is string => jid !== null))];
}

/** The secret of a poll message, or null when the message is no poll or carries no key. */
export function pollSecretOf(msg: WAMessage, ctx: InboundContext): PollSecret | null {
  const content = extractMessageContent(msg.message);
  const poll = pollOf(content);
  const id = msg.key.id;
  if (poll === null || !id) return null;
  const encKey =
    msg.message?.messageContextInfo?.messageSecret ??
    content?.messageContextInfo?.messageSecret ??
    msg.messageSecret ??
    poll.encKey;
  if (!encKey || encKey.length === 0) return null;
  return {
    messageId: id,
    name: poll.name ?? "",
    options: (poll.options ?? []).map((option) => option.optionName ?? ""),
    encKey,
    creatorJids: authorJids(msg.key, ctx),
  };
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * The option names a vote chose, or null when it cannot be decrypted with this poll's
 * key under any of the author and voter forms (AES-GCM refuses a wrong key outright, so
 * trying each form cannot yield a wrong answer).
 */
export function decryptVote(
  update: proto.Message.IPollUpdateMessage,
  voterJids: string[],
  poll: PollSecret,
): string[] | null {
  const vote = update.vote;
  if (!vote?.encPayload || !vote.encIv) return null;
  for (const pollCreatorJid of poll.creatorJids) {
    for (const voterJid of voterJids) {
      let selected: Uint8Array[];
      try {
        selected = decryptPollVote(vote, {
          pollCreatorJid,
          pollMsgId: poll.messageId,
          pollEncKey: poll.encKey,
          voterJid,
        }).selectedOptions;
      } catch {
        continue; // The wrong pairing of forms: the authentication tag did not match.
      }
      const byHash = new Map(poll.options.map((name) => [sha256Hex(name), name]));
      return selected
        .map((hash) => byHash.get(Buffer.from(hash).toString("hex")))
        .filter((name): name is string => name !== undefined);
    }
  }
  return null;
}
