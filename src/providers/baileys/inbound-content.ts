/**
 * What a WhatsApp message says, kind by kind: the ponte `type`, `content` and `media` of
 * one (already unwrapped) Baileys message content. Who sent it and where is
 * inbound-parties.ts; putting the two together is inbound-messages.ts.
 */
import { proto } from "@whiskeysockets/baileys";
import type { MediaInfo, MessageContent, MessageType, Selection } from "../../contracts/events.js";
import { MEDIA_HANDLERS } from "./inbound-media.js";

/** Where the message acted on (reaction, edit, revoke, vote) is, and from whose viewpoint. */
export interface TargetKey {
  key: proto.IMessageKey;
  /**
   * `ours` when Baileys already turned the key to this device's viewpoint (reactions and
   * poll votes, in `cleanMessage`); `sender` when `fromMe` is the sender's (edits, revokes).
   */
  viewpoint: "ours" | "sender";
}

export interface ContentParts {
  type: MessageType;
  content: MessageContent;
  media?: MediaInfo;
  target?: TargetKey;
  /** Quote and mentions, for the kinds that carry them. */
  contextInfo?: proto.IContextInfo | null | undefined;
}

export type ContentResult = ContentParts | { skip: string };

// Keys of a Message that travel beside the content and never are the content.
const NOT_CONTENT = new Set<string>([
  "senderKeyDistributionMessage",
  "fastRatchetKeySenderKeyDistributionMessage",
  "messageContextInfo",
]);

/**
 * The field holding the content, as Baileys' `getContentType` picks it, but skipping
 * fields set to null (stored and re-encoded messages have them) and both key-distribution
 * fields (the fast-ratchet one also ends in "Message").
 */
export function contentKeyOf(content: proto.IMessage): keyof proto.IMessage | undefined {
  const keys = Object.keys(content) as (keyof proto.IMessage)[];
  return keys.find(
    (key) =>
      !NOT_CONTENT.has(key) &&
      (key === "conversation" || key.includes("Message")) &&
      content[key] !== null &&
      content[key] !== undefined,
  );
}

/** The text of a message content: a text, a caption, or the text of an edit's new content. */
export function textOf(content: proto.IMessage | null | undefined): string | null {
  if (content === null || content === undefined) return null;
  return (
    content.conversation ??
    content.extendedTextMessage?.text ??
    content.imageMessage?.caption ??
    content.videoMessage?.caption ??
    content.documentMessage?.caption ??
    null
  );
}

function textParts(text: string, contextInfo?: proto.IContextInfo | null): ContentParts {
  return { type: "text", content: { text }, contextInfo };
}

function selectionParts(
  type: "list_response" | "button_response",
  selection: Selection,
  contextInfo: proto.IContextInfo | null | undefined,
): ContentParts {
  return { type, content: { text: selection.title, selection }, contextInfo };
}

function protocolParts(message: proto.Message.IProtocolMessage): ContentResult {
  const target = message.key;
  const name = proto.Message.ProtocolMessage.Type[message.type ?? 0];
  if (message.type === proto.Message.ProtocolMessage.Type.REVOKE && target) {
    return { type: "message_revoke", content: {}, target: { key: target, viewpoint: "sender" } };
  }
  if (message.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT && target) {
    const text = textOf(message.editedMessage);
    return {
      type: "message_edit",
      content: text === null ? {} : { text },
      target: { key: target, viewpoint: "sender" },
    };
  }
  // History sync, app-state keys, ephemeral settings…: the connection's business, not a message.
  return { skip: `protocol:${name}` };
}

function pollParts(poll: proto.Message.IPollCreationMessage): ContentParts {
  const name = poll.name ?? "";
  const options = (poll.options ?? []).map((option) => option.optionName ?? "");
  return {
    type: "poll",
    content: {
      text: name,
      poll: { name, options, selectableCount: poll.selectableOptionsCount ?? 0 },
    },
    contextInfo: poll.contextInfo,
  };
}

function locationParts(
  at: proto.Message.ILocationMessage & proto.Message.ILiveLocationMessage,
  live: boolean,
): ContentParts {
  const location = {
    latitude: at.degreesLatitude ?? 0,
    longitude: at.degreesLongitude ?? 0,
    name: at.name || null,
    address: at.address || null,
    url: at.url || null,
    live,
  };
  const text = at.comment || at.caption;
  return {
    type: "location",
    content: text ? { text, location } : { location },
    contextInfo: at.contextInfo,
  };
}

function contactParts(
  cards: proto.Message.IContactMessage[],
  contextInfo: proto.IContextInfo | null | undefined,
): ContentParts {
  const contacts = cards.map((card) => ({ name: card.displayName ?? "", vcard: card.vcard ?? "" }));
  return { type: "contact", content: { contacts }, contextInfo };
}

/** A native-flow button's id travels in its JSON parameters (`{"id": "…"}`). */
function nativeFlowId(response: proto.Message.IInteractiveResponseMessage): string {
  const flow = response.nativeFlowResponseMessage;
  try {
    const params: unknown = JSON.parse(flow?.paramsJson ?? "{}");
    if (typeof params === "object" && params !== null && "id" in params) {
      return String(params.id);
    }
  } catch {
    // Not JSON: fall back to the flow's name below.
  }
  return flow?.name ?? "";
}

function joinLines(...lines: (string | null | undefined)[]): string {
  return lines.filter((line): line is string => typeof line === "string" && line !== "").join("\n");
}

export type Handlers = {
  [K in keyof proto.IMessage]?: (value: NonNullable<proto.IMessage[K]>) => ContentResult;
};

const HANDLERS: Handlers = {
  conversation: (text) => textParts(text),
  extendedTextMessage: (m) => textParts(m.text ?? "", m.contextInfo),
  ...MEDIA_HANDLERS,
  reactionMessage: (m) =>
    m.key
      ? {
          type: "reaction",
          content: { reaction: m.text ?? "" },
          target: { key: m.key, viewpoint: "ours" },
        }
      : { skip: "no_target" },
  protocolMessage: protocolParts,
  locationMessage: (m) => locationParts(m, m.isLive ?? false),
  liveLocationMessage: (m) => locationParts(m, true),
  contactMessage: (m) => contactParts([m], m.contextInfo),
  contactsArrayMessage: (m) => contactParts(m.contacts ?? [], m.contextInfo),
  pollCreationMessage: pollParts,
  pollCreationMessageV2: pollParts,
  pollCreationMessageV3: pollParts,
  pollCreationMessageV5: pollParts,
  listResponseMessage: (m) =>
    selectionParts(
      "list_response",
      { id: m.singleSelectReply?.selectedRowId ?? "", title: m.title ?? "" },
      m.contextInfo,
    ),
  buttonsResponseMessage: (m) =>
    selectionParts(
      "button_response",
      { id: m.selectedButtonId ?? "", title: m.selectedDisplayText ?? "" },
      m.contextInfo,
    ),
  templateButtonReplyMessage: (m) =>
    selectionParts(
      "button_response",
      { id: m.selectedId ?? "", title: m.selectedDisplayText ?? "" },
      m.contextInfo,
    ),
  interactiveResponseMessage: (m) =>
    selectionParts(
      "button_response",
      { id: nativeFlowId(m), title: m.body?.text ?? "" },
      m.contextInfo,
    ),
  // Business messages: their readable text, so nothing a customer was sent goes missing.
  interactiveMessage: (m) =>
    textParts(joinLines(m.header?.title, m.body?.text, m.footer?.text), m.contextInfo),
  listMessage: (m) => textParts(joinLines(m.title, m.description, m.footerText), m.contextInfo),
  // Wrappers Baileys' normalizeMessageContent leaves on: the content is inside.
  lottieStickerMessage: innerParts,
  groupMentionedMessage: innerParts,
  botInvokeMessage: innerParts,
};

function innerParts(wrapper: proto.Message.IFutureProofMessage): ContentResult {
  const inner = wrapper.message;
  const key = inner ? contentKeyOf(inner) : undefined;
  const value = key === undefined ? undefined : inner?.[key];
  return key === undefined || value === null || value === undefined
    ? { skip: "no_content" }
    : contentParts(key, value);
}

/** The ponte shape of one content field, or why it is no message for ponte's consumers. */
export function contentParts<K extends keyof proto.IMessage>(
  key: K,
  value: NonNullable<proto.IMessage[K]>,
): ContentResult {
  const handler = HANDLERS[key];
  return handler === undefined ? { skip: `unsupported:${key}` } : handler(value);
}
