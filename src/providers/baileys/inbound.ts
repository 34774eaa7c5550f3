/**
 * Turns Baileys' event batches into ponte's provider events, in order, applying the
 * instance's settings (ignore groups or status, auto-read, auto-reject calls), and emits
 * this device's own sends. A message is remembered only once it has mapped to a real
 * message, so a placeholder never hides the message that follows it under its id.
 */
import type { WAMessage } from "@whiskeysockets/baileys";
import type { ExchangeMessage } from "../../contracts/events.js";
import type { Logger } from "../../platform/logger.js";
import type {
  MessageKey,
  ProviderEvent,
  ProviderEventSink,
  ProviderInstance,
  ProviderSettings,
} from "../provider.js";
import { RecentMessages } from "./dedupe.js";
import * as events from "./inbound-events.js";
import { groupJoinRequestEvent } from "./inbound-group-requests.js";
import { InboundMemory } from "./inbound-memory.js";
import { mapMessage, type MessageContext } from "./inbound-messages.js";
import { chatOfKey } from "./inbound-parties.js";
import { pollSecretOf } from "./inbound-polls.js";
import { baileysKey } from "./sends.js";
import type { MessageParts } from "../provider-messages.js";
import type { BaileysSocket, EventBatch } from "./socket.js";

type Origin = "live" | "history";

export class InboundProcessor {
  private settings: ProviderSettings | undefined;
  private syncHistory = false;
  private self: { jid: string; lid: string | null } = { jid: "", lid: null };
  private readonly memory = new InboundMemory();
  private readonly recent = new RecentMessages({
    phoneForLid: (lid) => this.memory.phoneByLid.get(lid),
  });

  constructor(
    private readonly instance: ProviderInstance,
    private readonly sink: ProviderEventSink,
    private readonly logger: Logger,
    private readonly socket: () => BaileysSocket | undefined,
  ) {}

  configure(settings: ProviderSettings, historyDays: number | undefined): void {
    this.settings = settings;
    this.syncHistory = historyDays !== undefined || !settings.disableHistorySync;
  }

  setSelf(jid: string | null, lid: string | null): void {
    this.self = { jid: jid ?? "", lid };
  }

  async process(batch: EventBatch): Promise<void> {
    const lid = batch["lid-mapping.update"];
    if (lid !== undefined) this.memory.phoneByLid.set(lid.lid, lid.pn);
    for (const mapping of batch["messaging-history.set"]?.lidPnMappings ?? []) {
      this.memory.phoneByLid.set(mapping.lid, mapping.pn);
    }
    for (const group of [...(batch["groups.upsert"] ?? []), ...(batch["groups.update"] ?? [])]) {
      if (group.id !== undefined && typeof group.subject === "string") {
        this.memory.groupNames.set(group.id, group.subject);
      }
    }
    const upsert = batch["messages.upsert"];
    if (upsert !== undefined) await this.messages(upsert.messages, "live");
    const history = batch["messaging-history.set"];
    if (history !== undefined && this.syncHistory) await this.messages(history.messages, "history");
    await this.others(batch);
  }

  /** Emits a message this device just sent, with the send's `source`. */
  /**
   * Emits this device's own send. `parts` replaces the mapped type and content for what
   * the inbound mapping does not read (interactive messages are relayed as raw protobuf).
   */
  emitOwn(
    sent: WAMessage,
    source: string | undefined,
    mediaBase64?: string,
    parts?: MessageParts,
  ): ExchangeMessage | undefined {
    const mapped = mapMessage(
      parts === undefined ? sent : { ...sent, message: { conversation: "" } },
      this.context(),
    );
    if ("skip" in mapped) return undefined;
    this.recent.add(sent.key);
    this.rememberPoll(sent);
    const own = parts === undefined ? mapped.message : { ...mapped.message, ...parts };
    const message = source === undefined ? own : { ...own, source };
    this.sink.emit({
      kind: "message",
      message,
      ...(mediaBase64 !== undefined ? { mediaBase64 } : {}),
    });
    return message;
  }

  /** The `read_self` receipts of messages this device marked read. */
  emitReadSelf(keys: MessageKey[]): void {
    const timestamp = new Date().toISOString();
    for (const key of keys) {
      const chat = chatOfKey(baileysKey(key), "", this.context());
      this.sink.emit({
        kind: "receipt",
        receipt: {
          messageId: key.id,
          status: "read_self",
          fromMe: key.fromMe,
          chat,
          participant: null,
          timestamp,
        },
      });
    }
  }

  private context(): MessageContext {
    return {
      selfJid: this.self.jid,
      selfLid: this.self.lid,
      phoneForLid: (lid) => this.memory.phoneByLid.get(lid),
      groupName: (jid) => this.memory.groupNames.get(jid),
      findPoll: (id) => this.memory.polls.get(id),
    };
  }

  private rememberPoll(msg: WAMessage): void {
    const poll = pollSecretOf(msg, this.context());
    if (poll !== null) this.memory.polls.set(poll.messageId, poll);
  }

  private async messages(messages: WAMessage[], origin: Origin): Promise<void> {
    for (const msg of messages) {
      try {
        await this.message(msg, origin);
      } catch (error) {
        // One message that cannot be read must not take the rest of its batch with it.
        this.logger.error(
          { err: error, instance: this.instance.name, id: msg.key.id },
          "message not mapped",
        );
      }
    }
  }

  private async message(msg: WAMessage, origin: Origin): Promise<void> {
    this.rememberPoll(msg);
    const mapped = mapMessage(msg, this.context());
    if ("skip" in mapped) {
      this.logger.debug(
        { instance: this.instance.name, id: msg.key.id, reason: mapped.skip },
        "message skipped",
      );
      return;
    }
    if (this.ignored(mapped.message) || !this.recent.claim(msg.key)) return;
    const mediaBase64 =
      mapped.media === undefined ? undefined : await this.download(mapped.media.baileysMessage);
    this.sink.emit({
      kind: "message",
      message: mapped.message,
      ...(mediaBase64 !== undefined ? { mediaBase64 } : {}),
    });
    // Live messages (`notify`, or `append` when they arrived while offline) are read;
    // history is not: the phone already shows what its owner read.
    if (origin === "live" && !mapped.message.fromMe && this.settings?.autoReadMessages === true) {
      await this.socket()
        ?.readMessages([msg.key])
        .catch((error: unknown) => {
          this.logger.warn({ err: error, instance: this.instance.name }, "auto-read failed");
        });
    }
  }

  private ignored(message: ExchangeMessage): boolean {
    if (this.settings?.ignoreGroupMessages === true && message.chat.type === "group") return true;
    return this.settings?.ignoreStatus === true && message.chat.type === "broadcast";
  }

  /** The decoded media, base64; a failed download keeps the message, without its bytes. */
  private async download(msg: WAMessage): Promise<string | undefined> {
    const socket = this.socket();
    if (socket === undefined) return undefined;
    try {
      return (await socket.downloadMedia(msg)).toString("base64");
    } catch (error) {
      this.logger.warn(
        { err: error, instance: this.instance.name, id: msg.key.id },
        "media download failed",
      );
      return undefined;
    }
  }

  private async others(batch: EventBatch): Promise<void> {
    const ctx = this.context();
    const participants = batch["group-participants.update"];
    const label = batch["labels.edit"];
    const joinRequest = batch["group.join-request"];
    const association = batch["labels.association"];
    const calls = batch.call ?? [];
    const mappers: [string, () => ProviderEvent[]][] = [
      ["receipts", () => events.receiptsFromMessageUpdates(batch["messages.update"] ?? [], ctx)],
      [
        "user receipts",
        () => events.receiptsFromUserReceipts(batch["message-receipt.update"] ?? [], ctx),
      ],
      ["new groups", () => events.groupCreateEvents(batch["groups.upsert"] ?? [], ctx)],
      ["group updates", () => events.groupUpdateEvents(batch["groups.update"] ?? [], ctx)],
      [
        "participants",
        () =>
          participants === undefined ? [] : [events.groupParticipantsEvent(participants, ctx)],
      ],
      [
        "join requests",
        () => (joinRequest === undefined ? [] : [groupJoinRequestEvent(joinRequest, ctx)]),
      ],
      ["label", () => (label === undefined ? [] : [events.labelEditEvent(label, ctx)])],
      [
        "label association",
        () => (association === undefined ? [] : [events.labelAssociationEvent(association, ctx)]),
      ],
      ["calls", () => events.callEvents(calls, ctx)],
    ];
    for (const [what, map] of mappers) {
      try {
        for (const event of map()) this.sink.emit(event);
      } catch (error) {
        this.logger.error({ err: error, instance: this.instance.name, what }, "event not mapped");
      }
    }
    await this.rejectCalls(calls);
  }

  private async rejectCalls(calls: NonNullable<EventBatch["call"]>): Promise<void> {
    const settings = this.settings;
    const socket = this.socket();
    if (settings?.autoRejectCalls !== true || socket === undefined) return;
    for (const call of calls) {
      if (call.status !== "offer") continue;
      try {
        await socket.rejectCall(call.id, call.from);
        if (settings.callRejectMessage !== "") {
          const sent = await socket.sendMessage(call.chatId, { text: settings.callRejectMessage });
          if (sent !== undefined) this.emitOwn(sent, "auto-reject");
        }
      } catch (error) {
        this.logger.warn({ err: error, instance: this.instance.name }, "call not rejected");
      }
    }
  }
}
