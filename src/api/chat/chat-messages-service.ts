/**
 * Reading and reusing stored messages (ryzeapi-more.md 2.14–2.17): a chat's history, a
 * poll's votes, forwarding, and editing what this instance sent.
 */
import { createHash } from "node:crypto";
import { AppError, badRequest, notFound } from "../../platform/errors.js";
import type { ExchangeMessage, MessageExchangeData } from "../../contracts/events.js";
import type { SendForward } from "../../providers/provider-messages.js";
import { bareNumber, brazilianVariants, phoneOf, userJid } from "../../providers/jid.js";
import type { EventLogStore } from "../events/log/log-store.js";
import type { ConnectionManager } from "../connections/connection-manager.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import { providerCall, requireConnection } from "../messages/connection-guard.js";
import { resolveRecipient } from "../messages/recipients.js";
import { keyOf, type StoredMessages } from "../messages/stored-messages.js";
import type { HistoryBody } from "./chat-manage-schemas.js";
import type { ChatHistoryStore } from "./history-store.js";

export const NOT_FOUND_EITHER = "Instance not found or message not found";
export const CANNOT_EDIT = "message contains too old to edit or can only edit";
/** WhatsApp accepts edits for about 15 minutes. */
const EDIT_WINDOW_MS = 15 * 60 * 1000;
const FORWARDABLE = new Set([
  "text",
  "image",
  "video",
  "audio",
  "ptt",
  "document",
  "sticker",
  "contact",
  "location",
]);

export interface PollVotes {
  messageId: string;
  name: string;
  votes: { optionName: string; optionVoteCount: number }[];
  voteDetails: {
    optionHash: string;
    optionName: string;
    senderJid: string;
    voteMessageId: string;
    createdAt: string;
  }[];
}

export class ChatMessagesService {
  constructor(
    private readonly connections: ConnectionManager,
    private readonly messages: StoredMessages,
    private readonly log: EventLogStore,
    private readonly history: ChatHistoryStore,
  ) {}

  async chatHistory(
    instance: InstanceRecord,
    body: HistoryBody,
  ): Promise<{ chatJid: string; messages: ExchangeMessage[]; count: number }> {
    for (const [name, value] of [
      ["from", body.from],
      ["to", body.to],
    ] as const) {
      if (value !== undefined && Number.isNaN(Date.parse(value))) {
        throw badRequest(
          `invalid '${name}' date format. Use ISO 8601 format (e.g., '2026-02-16T18:32:39Z')`,
        );
      }
    }
    requireConnection(this.connections, instance);
    const count = body.count ?? 50;
    const digits = bareNumber(body.number) ?? phoneOf(body.number);
    const chats = digits === null ? [body.number] : brazilianVariants(digits).map(userJid);
    const messages = await this.history.messagesOf(instance.id, chats, {
      count,
      from: body.from,
      to: body.to,
    });
    return { chatJid: messages[0]?.chat.jid ?? chats[0] ?? body.number, messages, count };
  }

  async pollVotes(instance: InstanceRecord, messageId: string | undefined): Promise<PollVotes> {
    const id = messageId?.trim() ?? "";
    if (id === "") throw badRequest("messageId query parameter is required");
    requireConnection(this.connections, instance);
    const stored = await this.messages.find(instance.id, id);
    const poll = stored?.message.content.poll;
    if (stored === undefined || poll === undefined) throw notFound("Message not found");
    // A voter's latest vote replaces the earlier ones (an empty one withdraws it).
    const latest = new Map<string, ExchangeMessage>();
    for (const action of await this.log.actionsOn(instance.id, id)) {
      const vote = (action.data as MessageExchangeData).message;
      if (vote.type === "poll_vote") latest.set(vote.sender.jid, vote);
    }
    const details = [...latest.values()].flatMap((vote) =>
      (vote.content.vote?.options ?? []).map((optionName) => ({
        optionHash: createHash("sha256").update(optionName).digest("hex").toUpperCase(),
        optionName,
        senderJid: vote.sender.jid,
        voteMessageId: vote.id,
        createdAt: vote.timestamp,
      })),
    );
    return {
      messageId: id,
      name: poll.name,
      votes: poll.options.map((optionName) => ({
        optionName,
        optionVoteCount: details.filter((d) => d.optionName === optionName).length,
      })),
      voteDetails: details,
    };
  }

  async forward(
    instance: InstanceRecord,
    messageId: string,
    to: string,
  ): Promise<{ messageId: string; destinationJid: string }> {
    const connection = requireConnection(this.connections, instance);
    const stored = await this.messages.find(instance.id, messageId, true);
    if (stored === undefined) throw notFound(NOT_FOUND_EITHER);
    const content = forwardContent(stored.message, stored.mediaBase64);
    const jid = await resolveRecipient(connection, to);
    const sent = await providerCall("forward message", () =>
      connection.forward({ to: jid, content }),
    );
    await this.connections.settled(instance.id);
    return { messageId: sent.id, destinationJid: jid };
  }

  async edit(
    instance: InstanceRecord,
    messageId: string,
    text: string,
  ): Promise<{ chatJid: string; oldContent: string }> {
    const connection = requireConnection(this.connections, instance);
    const stored = await this.messages.find(instance.id, messageId);
    if (stored === undefined) throw notFound(NOT_FOUND_EITHER);
    const { message } = stored;
    const tooOld = Date.now() - Date.parse(message.timestamp) > EDIT_WINDOW_MS;
    if (!message.fromMe || message.type !== "text" || tooOld) throw badRequest(CANNOT_EDIT);
    const previous = await this.messages.history(instance.id, message.id);
    await providerCall("edit message", () => connection.edit(keyOf(message), text));
    await this.connections.settled(instance.id);
    return {
      chatJid: message.chat.jid,
      oldContent: previous.editedText ?? message.content.text ?? "",
    };
  }
}

/** What a stored message is sent again as; reactions, polls and interactive ones are not. */
function forwardContent(
  message: ExchangeMessage,
  mediaBase64: string | undefined,
): SendForward["content"] {
  if (!FORWARDABLE.has(message.type)) {
    throw new AppError(500, `unsupported message type for forwarding: ${message.type}`);
  }
  const { content, media } = message;
  if (media !== undefined) {
    if (mediaBase64 === undefined || media.type === "ptv") {
      throw new AppError(
        500,
        `unsupported message type for forwarding: ${message.type} without stored media`,
      );
    }
    return {
      kind: "media",
      mediaType: media.type,
      base64: mediaBase64,
      mimetype: media.mimetype,
      fileName: media.fileName,
      caption: content.text ?? null,
    };
  }
  if (content.location !== undefined) {
    const { latitude, longitude, name, address } = content.location;
    return { kind: "location", location: { latitude, longitude, name, address } };
  }
  if (content.contacts !== undefined) return { kind: "contacts", contacts: content.contacts };
  return { kind: "text", text: content.text ?? "" };
}
