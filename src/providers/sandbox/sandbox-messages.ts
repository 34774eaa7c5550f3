/**
 * How the simulated phone shapes messages: the same `message.exchange` objects a real
 * WhatsApp connection would produce, for what a contact sends and for what the instance
 * sends.
 */
import { randomBytes } from "node:crypto";
import type {
  Chat,
  ExchangeMessage,
  MediaType,
  MessageContent,
  MessageRef,
  MessageType,
  Party,
} from "../../contracts/events.js";
import { chatTypeOf, isLidJid, phoneOf, userJid } from "../jid.js";
import type { SandboxPhone } from "./sandbox-phone.js";

export interface InboundMedia {
  type: MediaType;
  base64: string;
  mimetype: string;
  size: number;
  fileName: string | null;
  duration: number | null;
}

export type InboundBody =
  | { kind: "text"; text: string }
  | { kind: "media"; media: InboundMedia; caption: string | null }
  | { kind: "reaction"; target: MessageRef; emoji: string }
  | { kind: "edit"; target: MessageRef; text: string }
  | { kind: "revoke"; target: MessageRef }
  | { kind: "vote"; target: MessageRef; pollName: string; options: string[] };

/** A contact's message as the phone-side test describes it. */
export interface SandboxInbound {
  id?: string | undefined;
  timestamp?: string | undefined;
  sender: { phone: string | null; lid: string | null; name: string };
  group: { jid: string; name: string } | null;
  body: InboundBody;
  replyTo: MessageRef | null;
  mentions: string[];
}

/** A WhatsApp-looking message id: `3EB0…` as WhatsApp Web sends, `3A…` as a phone does. */
export function newMessageId(fromMe: boolean): string {
  const hex = randomBytes(10).toString("hex").toUpperCase();
  return fromMe ? `3EB0${hex.slice(0, 16)}` : `3A${hex.slice(0, 18)}`;
}

export function typeOfBody(body: InboundBody): MessageType {
  switch (body.kind) {
    case "text":
      return "text";
    case "media":
      return body.media.type;
    case "reaction":
      return "reaction";
    case "edit":
      return "message_edit";
    case "revoke":
      return "message_revoke";
    case "vote":
      return "poll_vote";
  }
}

function contentOf(body: InboundBody): MessageContent {
  switch (body.kind) {
    case "text":
    case "edit":
      return { text: body.text };
    case "media":
      return body.caption === null ? {} : { text: body.caption };
    case "reaction":
      return { reaction: body.emoji };
    case "revoke":
      return {};
    case "vote":
      return { vote: { pollName: body.pollName, options: body.options } };
  }
}

/** The chat a JID names, with what the phone knows of its name and LID ↔ phone mapping. */
export function chatFor(phone: SandboxPhone, jid: string): Chat {
  const type = chatTypeOf(jid);
  if (type !== "private") {
    return { jid, phone: null, lid: null, name: phone.nameOf(jid), type, isCommunity: false };
  }
  if (isLidJid(jid)) {
    const number = phone.phoneOfLid(jid);
    const name = phone.nameOf(number ?? jid);
    return {
      jid: number === null ? jid : userJid(number),
      phone: number,
      lid: jid,
      name,
      type,
      isCommunity: false,
    };
  }
  const number = phoneOf(jid);
  return {
    jid,
    phone: number,
    lid: number === null ? null : phone.lidOfPhone(number),
    name: number === null ? "" : phone.nameOf(number),
    type,
    isCommunity: false,
  };
}

export function inboundMessage(
  phone: SandboxPhone,
  input: SandboxInbound,
  id: string,
  timestamp: string,
): ExchangeMessage {
  const { sender: s } = input;
  const sender: Party = {
    jid: s.phone === null ? (s.lid ?? "") : userJid(s.phone),
    phone: s.phone,
    lid: s.lid,
    name: s.name,
  };
  const chat: Chat =
    input.group === null
      ? { ...sender, type: "private", isCommunity: false }
      : { ...chatFor(phone, input.group.jid), name: input.group.name };
  const type = typeOfBody(input.body);
  const message: ExchangeMessage = {
    id,
    type,
    direction: "incoming",
    fromMe: false,
    timestamp,
    chat,
    sender,
    content: contentOf(input.body),
  };
  const body = input.body;
  if (body.kind === "media") message.media = mediaInfo(body.media);
  if (
    body.kind === "reaction" ||
    body.kind === "edit" ||
    body.kind === "revoke" ||
    body.kind === "vote"
  ) {
    message.target = body.target;
  }
  if (input.replyTo !== null) message.replyTo = input.replyTo;
  if (input.mentions.length > 0) message.mentions = input.mentions;
  return message;
}

export function mediaInfo(
  media: Omit<InboundMedia, "base64">,
): NonNullable<ExchangeMessage["media"]> {
  return {
    type: media.type,
    mimetype: media.mimetype,
    size: media.size,
    fileName: media.fileName,
    duration: media.duration,
    url: null,
    s3Url: null,
  };
}
