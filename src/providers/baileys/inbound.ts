/**
 * Turns Baileys' event batches into ponte's provider events, applying the instance's
 * settings, and emits this device's own sends. (Mapping wired in the next step.)
 */
import type { WAMessage } from "@whiskeysockets/baileys";
import type { ExchangeMessage } from "../../contracts/events.js";
import type { Logger } from "../../platform/logger.js";
import type {
  MessageKey,
  ProviderEventSink,
  ProviderInstance,
  ProviderSettings,
} from "../provider.js";
import type { BaileysSocket, EventBatch } from "./socket.js";

export class InboundProcessor {
  private settings: ProviderSettings | undefined;
  private historyDays: number | undefined;
  private self: { jid: string | null; lid: string | null } = { jid: null, lid: null };

  constructor(
    private readonly instance: ProviderInstance,
    private readonly sink: ProviderEventSink,
    private readonly logger: Logger,
    private readonly socket: () => BaileysSocket | undefined,
  ) {}

  configure(settings: ProviderSettings, historyDays: number | undefined): void {
    this.settings = settings;
    this.historyDays = historyDays;
  }

  setSelf(jid: string | null, lid: string | null): void {
    this.self = { jid, lid };
  }

  process(_events: EventBatch): Promise<void> {
    return Promise.resolve();
  }

  emitOwn(_sent: WAMessage, _source: string | undefined, _media?: string): ExchangeMessage | undefined {
    return undefined;
  }

  emitReadSelf(_keys: MessageKey[]): void {
    // wired with the receipt mapping
  }
}
