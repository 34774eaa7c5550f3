/**
 * One Baileys message (`messages.upsert`, or a send of this device) as ponte's
 * `message.exchange` message, or the reason it is none: protocol traffic, stubs and
 * undecryptable placeholders are skipped, never turned into empty messages.
 *
 * Pure: no socket, no store. The connection downloads media itself (`media.baileysMessage`
 * is what Baileys' `downloadMediaMessage` takes) and decides about history and settings.
 */
import {
  extractMessageContent,
  proto,
  type WAMessage,
  type WAMessageKey,
} from "@whiskeysockets/baileys";
import type {
  Chat,
  ExchangeMessage,
  MediaType,
  MessageRef,
  Party,
} from "../../contracts/events.js";
import { chatTypeOf } from "../jid.js";
import {
  contentKeyOf,
  contentParts,
  type ContentResult,
  type TargetKey,
} from "./inbound-content.js";
import {
  altOf,
  chatOfKey,
  isoFromSeconds,
  isSelf,
  memberJid,
  numberOf,
  partyOf,
  sameUser,
  selfParty,
  type InboundContext,
} from "./inbound-parties.js";
import { decryptVote, partyForms, type PollSecret } from "./inbound-polls.js";

export interface MessageContext extends InboundContext {
  /** The poll a vote is for, by the poll message's id (kept from `pollSecretOf`). */
  findPoll?: (pollMessageId: string) => PollSecret | null | undefined;
}

/** The media of a message, for the connection to download. */
export interface InboundMedia {
  kind: MediaType;
  baileysMessage: WAMessage;
}

export type MappedMessage = { message: ExchangeMessage; media?: InboundMedia } | { skip: string };

interface People {
  chat: Chat;
  sender: Party;
}

/** The chat and the author of a message; null for a group message with no participant. */
function peopleOf(msg: WAMessage, ctx: InboundContext): People | null {
  const { key } = msg;
  const remoteJid = key.remoteJid ?? "";
  const type = chatTypeOf(remoteJid);
  const pushName = msg.pushName ?? "";
  const chat = chatOfKey(key, type === "private" && !key.fromMe ? pushName : "", ctx);
  if (key.fromMe) return { chat, sender: selfParty(ctx, pushName) };
  if (type === "private") {
    const { jid, phone, lid, name } = chat;
    return { chat, sender: { jid, phone, lid, name } };
  }
  if (type === "newsletter") {
    return { chat, sender: { jid: chat.jid, phone: null, lid: null, name: "" } };
  }
  const participant = key.participant || msg.participant;
  if (!participant) return null;
  // For status@broadcast Baileys puts the poster's other form in `remoteJidAlt`.
  const alt = type === "broadcast" ? (key.participantAlt ?? key.remoteJidAlt) : key.participantAlt;
  return { chat, sender: partyOf(participant, altOf(participant, alt, ctx), pushName, ctx) };
}

/** The JID ponte uses for an author: the sender's own form when it is the sender. */
function authorJid(
  jid: string | null | undefined,
  people: People,
  ctx: InboundContext,
): string | null {
  const { sender } = people;
  if (isSelf(jid, ctx)) return selfParty(ctx, "").jid;
  if (sameUser(jid, sender.jid) || sameUser(jid, sender.lid)) return sender.jid;
  return memberJid(jid, null, ctx);
}

function refOf(id: string, fromMe: boolean, author: string | null, people: People): MessageRef {
  return { messageId: id, fromMe, participant: people.chat.type === "group" ? author : null };
}

/** The message acted on, with `fromMe` from this device's viewpoint. */
function targetOf(
  target: TargetKey,
  msg: WAMessage,
  people: People,
  ctx: InboundContext,
): MessageRef {
  const { key, viewpoint } = target;
  const id = key.id ?? "";
  if (viewpoint === "sender" && !msg.key.fromMe) {
    // The sender acted on their own message, or (a group admin's revoke) on someone else's.
    if (key.fromMe) return refOf(id, false, people.sender.jid, people);
    const author = key.participant || null;
    return refOf(id, isSelf(author, ctx), authorJid(author, people, ctx), people);
  }
  const fromMe = key.fromMe ?? false;
  const author = key.participant || (fromMe ? ctx.selfJid : null);
  return refOf(id, fromMe, authorJid(author, people, ctx), people);
}

function quoteOf(info: proto.IContextInfo, people: People, ctx: InboundContext): MessageRef | null {
  if (!info.stanzaId) return null;
  const author = info.participant || null;
  return refOf(info.stanzaId, isSelf(author, ctx), authorJid(author, people, ctx), people);
}

function votePart(
  update: proto.Message.IPollUpdateMessage,
  people: People,
  ctx: MessageContext,
): ContentResult {
  const key = update.pollCreationMessageKey;
  if (!key?.id) return { skip: "no_target" };
  const poll = ctx.findPoll?.(key.id);
  if (!poll) return { skip: "poll_vote_unknown_poll" };
  const options = decryptVote(update, partyForms(people.sender), poll);
  if (options === null) return { skip: "poll_vote_undecryptable" };
  // The poll's author as its own message named them (phone JID first), not the LID the
  // vote may carry, so the target matches the poll's `sender.jid`.
  const participant = key.participant ? (poll.creatorJids[0] ?? key.participant) : key.participant;
  return {
    type: "poll_vote",
    content: { vote: { pollName: poll.name, options } },
    target: { key: { ...key, participant }, viewpoint: "ours" },
  };
}

function partsOf(content: proto.IMessage, people: People, ctx: MessageContext): ContentResult {
  const field = contentKeyOf(content);
  // Only key distribution or context info: the signal layer's traffic, no user content.
  if (field === undefined) return { skip: "no_content" };
  const vote = content.pollUpdateMessage;
  if (field === "pollUpdateMessage" && vote) return votePart(vote, people, ctx);
  const value = content[field];
  if (value === null || value === undefined) return { skip: "no_content" };
  return contentParts(field, value);
}

/** Unwraps a phone-sent copy, ephemeral and view-once wrappers, edits and templates. */
function unwrap(message: proto.IMessage | null | undefined): proto.IMessage | undefined {
  return extractMessageContent(message?.deviceSentMessage?.message ?? message);
}

function skipReasonOf(msg: WAMessage): string | null {
  const key: WAMessageKey = msg.key;
  if (!key.id || !key.remoteJid) return "no_key";
  // Group notices, missed calls, undecryptable placeholders (CIPHERTEXT, whose real
  // content arrives later under the same id): their events come from elsewhere.
  if (msg.messageStubType) return `stub:${proto.WebMessageInfo.StubType[msg.messageStubType]}`;
  return null;
}

export function mapMessage(msg: WAMessage, ctx: MessageContext): MappedMessage {
  const skip = skipReasonOf(msg);
  if (skip !== null) return { skip };
  const content = unwrap(msg.message);
  if (content === undefined) return { skip: "no_content" };
  const people = peopleOf(msg, ctx);
  if (people === null) return { skip: "no_participant" };
  const parts = partsOf(content, people, ctx);
  if ("skip" in parts) return parts;

  const fromMe = msg.key.fromMe ?? false;
  const message: ExchangeMessage = {
    id: msg.key.id ?? "",
    type: parts.type,
    direction: fromMe ? "outgoing" : "incoming",
    fromMe,
    timestamp: isoFromSeconds(numberOf(msg.messageTimestamp), ctx),
    chat: people.chat,
    sender: people.sender,
    content: parts.content,
  };
  if (parts.media !== undefined) message.media = parts.media;
  if (parts.target !== undefined) message.target = targetOf(parts.target, msg, people, ctx);
  addContext(message, parts.contextInfo, people, ctx);
  return parts.media === undefined
    ? { message }
    : { message, media: { kind: parts.media.type, baileysMessage: msg } };
}

/** A reply's quote and the mentions, from the content's context info. */
function addContext(
  message: ExchangeMessage,
  info: proto.IContextInfo | null | undefined,
  people: People,
  ctx: InboundContext,
): void {
  if (!info) return;
  const quote = quoteOf(info, people, ctx);
  if (quote !== null) message.replyTo = quote;
  const mentions = (info.mentionedJid ?? [])
    .map((jid) => memberJid(jid, null, ctx))
    .filter((jid): jid is string => jid !== null);
  if (mentions.length > 0) message.mentions = mentions;
  // Baileys marks "@everyone" with one non-JID mention (its `mentionAll` send option).
  if (info.nonJidMentions === 1) message.mentionAll = true;
}
