/**
 * One sandbox instance's linked device. Sends land in the phone's outbox and produce the
 * `message` events WhatsApp would echo; the phone side (`receive`, `receipt`) produces
 * what a contact's actions would.
 */
import type { ExchangeMessage, MessageRef, ReceiptStatus } from "../../contracts/events.js";
import type {
  ConnectOptions,
  ConnectResult,
  MessageKey,
  NumberLookup,
  Presence,
  ProviderConnection,
  ProviderEventSink,
  ProviderInstance,
  SendCommon,
  SendMedia,
  SendReaction,
  SendText,
  SentMessage,
} from "../provider.js";
import { ProviderError } from "../provider.js";
import { forwardParts, richParts, type SendForward, type SendRich } from "../provider-messages.js";
import { phoneOf, userJid } from "../jid.js";
import {
  chatFor,
  inboundMessage,
  mediaInfo,
  newMessageId,
  type SandboxInbound,
} from "./sandbox-messages.js";
import type { SandboxPhone } from "./sandbox-phone.js";
import type { ChatActions } from "../provider-chats.js";
import { SandboxChats } from "./sandbox-chats.js";
import type { ProfileActions } from "../provider-profile.js";
import { SandboxProfile } from "./sandbox-profile.js";
import type { GroupActions, NewsletterActions } from "../provider-groups.js";
import { SandboxGroups } from "./sandbox-groups.js";
import { SandboxNewsletters } from "./sandbox-newsletters.js";
import { SandboxGroupSide } from "./sandbox-group-side.js";

export class SandboxConnection implements ProviderConnection {
  private connected = false;
  readonly chats: ChatActions;
  readonly profile: ProfileActions;
  readonly groups: GroupActions;
  readonly newsletters: NewsletterActions;
  /** What contacts do with groups and channels (the sandbox endpoints). */
  readonly groupSide: SandboxGroupSide;

  constructor(
    readonly instance: ProviderInstance,
    readonly numberJid: string,
    readonly phone: SandboxPhone,
    private readonly sink: ProviderEventSink,
  ) {
    this.chats = new SandboxChats(phone, sink, () => this.beforeSend());
    this.profile = new SandboxProfile(
      phone,
      { jid: numberJid, defaultName: `Sandbox ${instance.name}` },
      () => this.beforeSend(),
    );
    this.groups = new SandboxGroups(phone, sink, numberJid, () => this.beforeSend());
    this.newsletters = new SandboxNewsletters(phone, () => this.beforeSend());
    this.groupSide = new SandboxGroupSide(phone, sink, numberJid);
  }

  isConnected(): boolean {
    return this.connected;
  }

  connect(_options: ConnectOptions): Promise<ConnectResult> {
    this.goOnline("connected");
    return Promise.resolve({ status: "connected" });
  }

  reconnect(): Promise<void> {
    this.sink.emit({ kind: "connection", state: "connecting", reason: "connecting" });
    this.goOnline("connected");
    return Promise.resolve();
  }

  logout(): Promise<void> {
    this.connected = false;
    this.sink.emit({ kind: "connection", state: "loggedout", reason: "logged_out" });
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.connected = false;
    return Promise.resolve();
  }

  lookup(numbers: string[]): Promise<NumberLookup[]> {
    return Promise.resolve(
      numbers.map((number) => ({
        number,
        exists: this.phone.exists(number),
        jid: userJid(number),
      })),
    );
  }

  async sendText(input: SendText): Promise<SentMessage> {
    await this.beforeSend();
    const message = this.outgoing(input, "text", { text: input.text });
    this.phone.record({ ...this.outboxBase(input, message), kind: "text", text: input.text });
    this.sink.emit({ kind: "message", message });
    return { id: message.id, timestamp: message.timestamp };
  }

  async sendMedia(input: SendMedia): Promise<SentMessage> {
    await this.beforeSend();
    const content = input.caption === null ? {} : { text: input.caption };
    const message = this.outgoing(input, input.mediaType, content);
    message.media = mediaInfo({ ...input, type: input.mediaType });
    const { base64, mimetype, size, fileName, caption, mediaType: type } = input;
    this.phone.record({
      ...this.outboxBase(input, message),
      kind: "media",
      media: { type, mimetype, size, fileName, caption, base64 },
    });
    this.sink.emit({ kind: "message", message, mediaBase64: base64 });
    return { id: message.id, timestamp: message.timestamp, mediaUrl: null };
  }

  async sendReaction(input: SendReaction): Promise<SentMessage> {
    await this.beforeSend();
    const message = this.outgoing(input, "reaction", { reaction: input.emoji });
    message.target = input.target;
    this.phone.record({
      ...this.outboxBase(input, message),
      kind: "reaction",
      reaction: input.emoji,
      target: input.target,
    });
    this.sink.emit({ kind: "message", message });
    return { id: message.id, timestamp: message.timestamp };
  }

  async sendRich(input: SendRich): Promise<SentMessage> {
    await this.beforeSend();
    const parts = richParts(input.content);
    const message = this.outgoing(input, parts.type, parts.content);
    this.phone.record({ ...this.outboxBase(input, message), kind: "rich", content: input.content });
    this.sink.emit({ kind: "message", message });
    return { id: message.id, timestamp: message.timestamp };
  }

  async forward(input: SendForward): Promise<SentMessage> {
    await this.beforeSend();
    const parts = forwardParts(input.content);
    const message = this.outgoing(input, parts.type, parts.content);
    const { content } = input;
    const mediaBase64 = content.kind === "media" ? content.base64 : undefined;
    if (content.kind === "media") {
      message.media = mediaInfo({
        type: content.mediaType,
        mimetype: content.mimetype,
        size: Buffer.from(content.base64, "base64").length,
        fileName: content.fileName,
        duration: null,
      });
    }
    this.phone.record({ ...this.outboxBase(input, message), kind: "forward", content });
    this.sink.emit({
      kind: "message",
      message,
      ...(mediaBase64 === undefined ? {} : { mediaBase64 }),
    });
    return { id: message.id, timestamp: message.timestamp };
  }

  async edit(key: MessageKey, text: string): Promise<SentMessage> {
    await this.beforeSend();
    const message = this.outgoing({ to: key.chatJid }, "message_edit", { text });
    message.target = refOf(key);
    this.phone.record({
      ...this.outboxBase({ to: key.chatJid }, message),
      kind: "edit",
      text,
      target: message.target,
    });
    this.sink.emit({ kind: "message", message });
    return { id: message.id, timestamp: message.timestamp };
  }

  async revoke(key: MessageKey, source?: string): Promise<SentMessage> {
    await this.beforeSend();
    const message = this.outgoing({ to: key.chatJid, source }, "message_revoke", {});
    message.target = { messageId: key.id, fromMe: key.fromMe, participant: key.participant };
    this.phone.record({
      ...this.outboxBase({ to: key.chatJid, source }, message),
      kind: "revoke",
      target: message.target,
    });
    this.sink.emit({ kind: "message", message });
    return { id: message.id, timestamp: message.timestamp };
  }

  async deleteForMe(key: MessageKey): Promise<void> {
    await this.beforeSend();
    this.phone.record({
      kind: "deleteForMe",
      to: key.chatJid,
      messageId: null,
      timestamp: new Date().toISOString(),
      target: { messageId: key.id, fromMe: key.fromMe, participant: key.participant },
    });
  }

  async markRead(keys: MessageKey[]): Promise<void> {
    await this.beforeSend();
    const timestamp = new Date().toISOString();
    const byChat = new Map<string, MessageKey[]>();
    for (const key of keys) byChat.set(key.chatJid, [...(byChat.get(key.chatJid) ?? []), key]);
    for (const [chatJid, chatKeys] of byChat) {
      const messageIds = chatKeys.map((key) => key.id);
      this.phone.record({ kind: "read", to: chatJid, messageId: null, timestamp, messageIds });
      for (const key of chatKeys) {
        if (key.fromMe) continue;
        this.emitReceipt(key, "read_self", null, timestamp);
      }
    }
  }

  async sendPresence(jid: string, presence: Presence): Promise<void> {
    this.requireConnected();
    this.phone.record({
      kind: "presence",
      to: jid,
      messageId: null,
      timestamp: new Date().toISOString(),
      presence,
    });
    return Promise.resolve();
  }

  /** A contact sends something to the instance. */
  receive(input: SandboxInbound): ExchangeMessage {
    this.requireConnected();
    const { sender, group } = input;
    this.phone.rememberContact(sender.phone, sender.lid, sender.name);
    if (group !== null) this.phone.rememberName(group.jid, group.name);
    const id = input.id ?? newMessageId(false);
    const timestamp = input.timestamp ?? new Date().toISOString();
    const message = inboundMessage(this.phone, input, id, timestamp);
    const mediaBase64 = input.body.kind === "media" ? input.body.media.base64 : undefined;
    this.sink.emit({
      kind: "message",
      message,
      ...(mediaBase64 === undefined ? {} : { mediaBase64 }),
    });
    return message;
  }

  /** The contact's phone reports on a message the instance sent. */
  receipt(key: MessageKey, status: ReceiptStatus, participant: string | null): void {
    this.requireConnected();
    this.emitReceipt(key, status, participant, new Date().toISOString());
  }

  private emitReceipt(
    key: MessageKey,
    status: ReceiptStatus,
    participant: string | null,
    timestamp: string,
  ): void {
    this.sink.emit({
      kind: "receipt",
      receipt: {
        messageId: key.id,
        status,
        fromMe: key.fromMe,
        chat: chatFor(this.phone, key.chatJid),
        participant,
        timestamp,
      },
    });
  }

  private async beforeSend(): Promise<void> {
    this.requireConnected();
    await this.phone.beforeSend();
    this.requireConnected();
  }

  private requireConnected(): void {
    if (!this.connected) throw new ProviderError("sandbox: not connected", true);
  }

  private outgoing(
    input: Pick<SendCommon, "to" | "source"> & Partial<SendCommon>,
    type: ExchangeMessage["type"],
    content: ExchangeMessage["content"],
  ): ExchangeMessage {
    const own = phoneOf(this.numberJid);
    const message: ExchangeMessage = {
      id: input.messageId ?? newMessageId(true),
      type,
      direction: "outgoing",
      fromMe: true,
      timestamp: new Date().toISOString(),
      chat: chatFor(this.phone, input.to),
      sender: { jid: this.numberJid, phone: own, lid: null, name: `Sandbox ${this.instance.name}` },
      content,
    };
    if (input.replyTo !== undefined) message.replyTo = refOf(input.replyTo);
    if (input.mentions !== undefined && input.mentions.length > 0)
      message.mentions = input.mentions;
    if (input.mentionAll === true) message.mentionAll = true;
    if (input.source !== undefined) message.source = input.source;
    return message;
  }

  private outboxBase(input: Partial<SendCommon> & { to: string }, message: ExchangeMessage) {
    return {
      to: input.to,
      messageId: message.id,
      timestamp: message.timestamp,
      ...(input.replyTo === undefined ? {} : { replyTo: input.replyTo.id }),
      ...(message.mentions === undefined ? {} : { mentions: message.mentions }),
      ...(input.mentionAll === true ? { mentionAll: true } : {}),
      ...(input.source === undefined ? {} : { source: input.source }),
    };
  }

  private goOnline(reason: string): void {
    this.connected = true;
    this.sink.emit({
      kind: "connection",
      state: "connected",
      reason,
      numberJid: this.numberJid,
      profile: {
        name: `Sandbox ${this.instance.name}`,
        pictureUrl: "",
        isBusiness: false,
        businessName: "",
      },
    });
  }
}

function refOf(key: MessageKey): MessageRef {
  return { messageId: key.id, fromMe: key.fromMe, participant: key.participant };
}
