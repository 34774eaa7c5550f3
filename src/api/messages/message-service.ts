/**
 * Sends (spec 6.1–6.3): resolve the recipient, check the quote, type for `delay`
 * seconds, send through the provider, and answer once the resulting `message.exchange`
 * is in the event log (so its id can be quoted, read or revoked at once).
 */
import { badRequest, notFound } from "../../platform/errors.js";
import type { ExchangeMessage, MediaType } from "../../contracts/events.js";
import type { ProviderConnection, QuotedMessage, SendCommon } from "../../providers/provider.js";
import { isGroupJid } from "../../providers/jid.js";
import type { ConnectionManager } from "../connections/connection-manager.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import { providerCall, requireConnection } from "./connection-guard.js";
import { KeyedSerializer } from "../../platform/keyed-serializer.js";
import { loadMedia, type MediaFetch } from "./media.js";
import type { MediaBody, ReactionBody, TextBody } from "./message-schemas.js";
import { mentionJids, resolveRecipient } from "./recipients.js";
import { quotedOf, type StoredMessages } from "./stored-messages.js";

export const MESSAGE_NOT_FOUND = "Message not found";
export const MISSING_PARTICIPANT = "missing_participant";

export interface SendOutcome {
  message: string;
  data: Record<string, unknown>;
}

export interface MediaLimits {
  maxBytes: number;
  downloadTimeoutMs: number;
  /** The outbound guard: media URLs are user input. */
  outbound: MediaFetch;
}

export type Common = Pick<
  TextBody,
  | "number"
  | "delay"
  | "replyTo"
  | "replyPrivate"
  | "mention"
  | "mentionAll"
  | "source"
  | "messageId"
>;

export const MESSAGE_ID_TAKEN = "messageId is already used by a message this instance received";

export class MessageService {
  private readonly sendsById = new KeyedSerializer();
  constructor(
    private readonly connections: ConnectionManager,
    private readonly messages: StoredMessages,
    private readonly limits: MediaLimits,
  ) {}

  async sendText(instance: InstanceRecord, body: TextBody): Promise<SendOutcome> {
    return this.once(instance, body.messageId, () => this.sendTextNow(instance, body));
  }

  private async sendTextNow(instance: InstanceRecord, body: TextBody): Promise<SendOutcome> {
    const connection = requireConnection(this.connections, instance);
    const earlier = await this.earlierSend(instance, body.messageId);
    if (earlier !== undefined) return { message: "Message sent successfully", data: earlier };
    const common = await this.prepare(instance, connection, body);
    await typing(connection, common.to, body.delay);
    const sent = await providerCall("send message", () =>
      connection.sendText({ ...common, text: body.message, linkPreview: body.linkPreview }),
    );
    return { message: "Message sent successfully", data: await this.answer(instance, sent.id) };
  }

  async sendMedia(instance: InstanceRecord, body: MediaBody): Promise<SendOutcome> {
    return this.once(instance, body.messageId, () => this.sendMediaNow(instance, body));
  }

  private async sendMediaNow(instance: InstanceRecord, body: MediaBody): Promise<SendOutcome> {
    const connection = requireConnection(this.connections, instance);
    const earlier = await this.earlierSend(instance, body.messageId);
    if (earlier !== undefined) return { message: "Media sent successfully", data: earlier };
    const common = await this.prepare(instance, connection, body);
    const media = await loadMedia(body, this.limits);
    const mediaType: MediaType =
      body.mediaType === "audio" && body.isVoice !== false ? "ptt" : body.mediaType;
    await typing(
      connection,
      common.to,
      body.delay,
      mediaType === "ptt" ? "recording" : "composing",
    );
    const sent = await providerCall("send media", () =>
      connection.sendMedia({
        ...common,
        mediaType,
        base64: media.base64,
        mimetype: media.mimetype,
        size: media.size,
        fileName: body.fileName ?? media.fileName,
        caption: body.message ?? null,
        duration: body.duration ?? null,
      }),
    );
    const data = await this.answer(instance, sent.id);
    return {
      message: "Media sent successfully",
      data: {
        ...data,
        messageType: body.mediaType,
        mediaUrl: sent.mediaUrl ?? null,
        mediaMimeType: media.mimetype,
        mediaSize: media.size,
        ...(mediaType === "ptt" && body.duration !== undefined
          ? { mediaDuration: body.duration }
          : {}),
      },
    };
  }

  async sendReaction(instance: InstanceRecord, body: ReactionBody): Promise<SendOutcome> {
    const connection = requireConnection(this.connections, instance);
    const to = await resolveRecipient(connection, body.number);
    const stored = await this.messages.find(instance.id, body.messageId);
    const fromMe = body.fromMe ?? stored?.message.fromMe ?? false;
    let participant = body.participant === "" ? undefined : body.participant;
    if (isGroupJid(to) && !fromMe) {
      // Spec 6.3: the author of a group message must be named; a stored message names it.
      participant ??= stored?.message.chat.type === "group" ? stored.message.sender.jid : undefined;
      if (participant === undefined) throw badRequest(MISSING_PARTICIPANT);
    }
    const emoji = body.reaction === "remove" ? "" : body.reaction;
    const sent = await providerCall("send reaction", () =>
      connection.sendReaction({
        to,
        target: { messageId: body.messageId, fromMe, participant: participant ?? null },
        emoji,
        source: body.source,
      }),
    );
    const data = await this.answer(instance, sent.id);
    return {
      message: emoji === "" ? "Reaction removed successfully" : "Reaction sent successfully",
      data: { ...data, replyTo: { messageId: body.messageId }, content: emoji },
    };
  }

  /**
   * Sends under one caller-chosen id run one at a time (the instance's connection lives
   * in this process only, requests for it are forwarded here), so a retry that arrives
   * while the first send is still going waits for it and then answers it.
   */
  private once(
    instance: InstanceRecord,
    messageId: string | undefined,
    send: () => Promise<SendOutcome>,
  ): Promise<SendOutcome> {
    if (messageId === undefined) return send();
    return this.sendsById.run(`${instance.id}:${messageId}`, send);
  }

  /**
   * The answer of an earlier send under the same caller-chosen id, so that a retried
   * send (the gateway's, after a lost answer or a crash) never reaches WhatsApp twice.
   */
  private async earlierSend(
    instance: InstanceRecord,
    messageId: string | undefined,
  ): Promise<Record<string, unknown> | undefined> {
    if (messageId === undefined) return undefined;
    const stored = await this.messages.find(instance.id, messageId);
    if (stored === undefined) return undefined;
    if (!stored.message.fromMe) throw badRequest(MESSAGE_ID_TAKEN);
    return sendData(stored.message);
  }

  /** Recipient, quote, mentions and source, checked before anything is sent. */
  async prepare(
    instance: InstanceRecord,
    connection: ProviderConnection,
    body: Common,
  ): Promise<SendCommon> {
    let to = await resolveRecipient(connection, body.number);
    let replyTo: QuotedMessage | undefined;
    if (body.replyTo !== undefined) {
      // The quoted message must be this instance's and stored (spec 6.1).
      const stored = await this.messages.find(instance.id, body.replyTo);
      if (stored === undefined) throw notFound(MESSAGE_NOT_FOUND);
      replyTo = quotedOf(stored.message);
    }
    if (body.replyPrivate === true) {
      if (replyTo === undefined) throw badRequest("replyPrivate needs replyTo");
      if (!isGroupJid(to)) throw badRequest("replyPrivate needs the group's JID as number");
      to = replyTo.participant ?? to;
    }
    const group = isGroupJid(to);
    return {
      to,
      replyTo,
      mentions: group ? mentionJids(body.mention) : undefined,
      mentionAll: group && body.mentionAll === true ? true : undefined,
      source: body.source,
      messageId: body.messageId,
    };
  }

  /** The answer's `data`, from the event the send produced (spec 6.1). */
  async answer(instance: InstanceRecord, messageId: string): Promise<Record<string, unknown>> {
    // The message as its recording stored it; read from the log when it was recorded
    // before this send asked.
    const message =
      (await this.connections.recorded(instance.id, messageId)) ??
      (await this.messages.find(instance.id, messageId))?.message;
    if (message === undefined) return { messageId, direction: "outgoing" };
    return sendData(message);
  }
}

export function sendData(message: ExchangeMessage): Record<string, unknown> {
  const chat: Record<string, unknown> = { jid: message.chat.jid, type: message.chat.type };
  if (message.chat.type === "group") chat.groupName = message.chat.name;
  return {
    messageId: message.id,
    direction: "outgoing",
    timestamp: message.timestamp,
    chat,
    sender: { jid: message.sender.jid },
    content: message.content,
    ...(message.media === undefined ? {} : { media: message.media }),
    ...(message.mentions === undefined ? {} : { mentions: message.mentions }),
    ...(message.replyTo === undefined ? {} : { replyTo: { messageId: message.replyTo.messageId } }),
    ...(message.source === undefined ? {} : { source: message.source }),
  };
}

export async function typing(
  connection: ProviderConnection,
  to: string,
  delaySeconds: number | undefined,
  presence: "composing" | "recording" = "composing",
): Promise<void> {
  if (delaySeconds === undefined || delaySeconds <= 0) return;
  await providerCall("send presence", () => connection.sendPresence(to, presence));
  await new Promise((resolve) => setTimeout(resolve, delaySeconds * 1000));
  await providerCall("send presence", () => connection.sendPresence(to, "paused"));
}
