/**
 * One instance's link to WhatsApp through Baileys: connect by QR code or pairing code,
 * resume from the stored session, reconnect with backoff when the network drops, log
 * out. Inbound batches go to the InboundProcessor; sends to the Sender.
 */
import type { KeyedSerializer } from "../../platform/keyed-serializer.js";
import type { Logger } from "../../platform/logger.js";
import type {
  ConnectOptions,
  ConnectResult,
  MessageKey,
  NumberLookup,
  Presence,
  ProviderConnection,
  ProviderEventSink,
  ProviderInstance,
  ProviderSettings,
  SendMedia,
  SendReaction,
  SendText,
  SentMessage,
} from "../provider.js";
import { ProviderError } from "../provider.js";
import type { SessionStore } from "../session-store.js";
import { loadAuthState, type DatabaseAuthState } from "./auth-state.js";
import { InboundProcessor } from "./inbound.js";
import { backoffDelay } from "../../platform/retry.js";
import { closeOutcome, RECONNECT_BACKOFF, statusCodeOf } from "./lifecycle.js";
import { proxyAgent } from "./proxy-agent.js";
import { profileOf, selfJid } from "./profile.js";
import { Sender } from "./sends.js";
import { RichSender } from "./rich-sends.js";
import { BaileysChats, BaileysChatStore } from "./chat-actions.js";
import type { ChatActions } from "../provider-chats.js";
import type { ProfileActions } from "../provider-profile.js";
import { BaileysProfile } from "./profile-actions.js";
import { BaileysGroups } from "./group-actions.js";
import { BaileysNewsletters } from "./newsletter-actions.js";
import type { SendForward, SendRich } from "../provider-messages.js";
import type { BaileysSocket, EventBatch, SocketFactory } from "./socket.js";

export interface BaileysConnectionDeps {
  sessions: SessionStore;
  /** Runs inbound batches one at a time per instance. */
  batches: KeyedSerializer;
  makeSocket: SocketFactory;
  logger: Logger;
  waWebSocketUrl: string | undefined;
  /** How long `connect` waits for a QR code, a pairing code or the connection. */
  connectTimeoutMs: number;
}

type Waiter = (outcome: ConnectResult | Error) => void;

export class BaileysConnection implements ProviderConnection {
  private socket: BaileysSocket | undefined;
  private auth: DatabaseAuthState | undefined;
  private open = false;
  /** Set by close() and logout(): no automatic reconnection afterwards. */
  private stopped = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private waiters: Waiter[] = [];
  private pairingNumber: string | undefined;
  private historyDays: number | undefined;
  private sawQr = false;
  /** The QR code on show while pairing; WhatsApp rotates it about every 20 s. */
  private currentQr: string | undefined;
  private credsWrite: Promise<void> = Promise.resolve();
  private readonly inbound: InboundProcessor;
  private readonly sender: Sender;
  private readonly rich: RichSender;
  private readonly chatStore = new BaileysChatStore();
  readonly chats: ChatActions;
  readonly profile: ProfileActions;
  readonly groups: BaileysGroups;
  readonly newsletters: BaileysNewsletters;

  constructor(
    private readonly instance: ProviderInstance,
    private readonly sink: ProviderEventSink,
    private readonly deps: BaileysConnectionDeps,
  ) {
    this.inbound = new InboundProcessor(instance, sink, deps.logger, () => this.socket);
    this.sender = new Sender(
      this.inbound,
      () => this.requireSocket(),
      () => [...this.chatStore.contacts.keys()],
    );
    this.rich = new RichSender(this.sender, this.inbound, () => this.requireSocket());
    this.chats = new BaileysChats(this.chatStore, () => this.requireSocket());
    this.profile = new BaileysProfile(() => this.requireSocket(), this.chatStore);
    this.groups = new BaileysGroups(() => this.requireSocket());
    this.newsletters = new BaileysNewsletters(() => this.requireSocket());
  }

  isConnected(): boolean {
    return this.open;
  }

  async connect(options: ConnectOptions): Promise<ConnectResult> {
    if (this.open) return { status: "connected" };
    if (this.currentQr !== undefined && options.pairingNumber === undefined) {
      return { status: "qr", qrCode: this.currentQr };
    }
    this.pairingNumber = options.pairingNumber;
    const outcome = this.nextOutcome();
    if (this.socket === undefined) await this.start(options.historyDays);
    const result = await outcome;
    if (result instanceof Error) throw result;
    return result;
  }

  async reconnect(): Promise<void> {
    if (this.open) return;
    this.stopped = false;
    const auth = await this.loadAuth();
    if (!auth.state.creds.registered) {
      throw new ProviderError("Instance has no saved session — call /connect first", false);
    }
    if (this.socket === undefined) await this.start(undefined);
  }

  async logout(): Promise<void> {
    this.stopped = true;
    this.clearReconnect();
    const socket = this.socket;
    if (socket !== undefined) {
      // Unlinks the device from the phone; a dead socket cannot, and the session goes anyway.
      await socket.logout().catch((error: unknown) => {
        this.deps.logger.warn({ err: error, instance: this.instance.name }, "logout not confirmed");
      });
    }
    await this.teardown();
    // No credentials write may land after the wipe and bring the session back.
    this.auth = undefined;
    await this.credsWrite;
    await this.deps.sessions.clear(this.instance.id);
    this.sink.emit({ kind: "connection", state: "loggedout", reason: "logged_out" });
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.clearReconnect();
    this.settleWaiters(new ProviderError("the server is shutting down", true));
    await this.teardown();
    await this.credsWrite;
  }

  lookup(numbers: string[]): Promise<NumberLookup[]> {
    return this.sender.lookup(numbers);
  }
  sendText(input: SendText): Promise<SentMessage> {
    return this.sender.sendText(input);
  }
  sendMedia(input: SendMedia): Promise<SentMessage> {
    return this.sender.sendMedia(input);
  }
  sendReaction(input: SendReaction): Promise<SentMessage> {
    return this.sender.sendReaction(input);
  }
  revoke(key: MessageKey, source?: string): Promise<SentMessage> {
    return this.sender.revoke(key, source);
  }
  sendRich(input: SendRich): Promise<SentMessage> {
    return this.rich.sendRich(input);
  }
  forward(input: SendForward): Promise<SentMessage> {
    return this.rich.forward(input);
  }
  edit(key: MessageKey, text: string): Promise<SentMessage> {
    return this.rich.edit(key, text);
  }
  deleteForMe(key: MessageKey): Promise<void> {
    return this.sender.deleteForMe(key);
  }
  markRead(keys: MessageKey[]): Promise<void> {
    return this.sender.markRead(keys);
  }
  sendPresence(jid: string, presence: Presence): Promise<void> {
    return this.sender.sendPresence(jid, presence);
  }

  async applySettings(settings: ProviderSettings): Promise<void> {
    this.inbound.configure(settings, this.historyDays);
    if (!this.open) return;
    await this.sender.sendPresence("", settings.keepOnlineStatus ? "available" : "unavailable");
  }

  private requireSocket(): BaileysSocket {
    if (this.socket === undefined || !this.open) {
      throw new ProviderError("Instance is not connected to WhatsApp", true);
    }
    return this.socket;
  }

  private async loadAuth(): Promise<DatabaseAuthState> {
    this.auth ??= await loadAuthState(this.deps.sessions, this.instance.id);
    return this.auth;
  }

  private nextOutcome(): Promise<ConnectResult | Error> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== settle);
        resolve(new ProviderError("WhatsApp did not answer in time; try again", true));
      }, this.deps.connectTimeoutMs);
      const settle: Waiter = (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      this.waiters.push(settle);
    });
  }

  private settleWaiters(outcome: ConnectResult | Error): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter(outcome);
  }

  private async start(historyDays: number | undefined): Promise<void> {
    this.stopped = false;
    const [auth, options] = await Promise.all([this.loadAuth(), this.instance.loadOptions()]);
    this.historyDays = historyDays;
    this.inbound.configure(options.settings, historyDays);
    const socket = this.deps.makeSocket({
      auth: auth.state,
      logger: baileysLogger(this.deps.logger, this.instance.name),
      agent: proxyAgent(options.proxy),
      waWebSocketUrl: this.deps.waWebSocketUrl,
      syncHistory: historyDays !== undefined || !options.settings.disableHistorySync,
      markOnline: options.settings.keepOnlineStatus,
      connectTimeoutMs: this.deps.connectTimeoutMs,
    });
    this.socket = socket;
    socket.ev.process((events) =>
      // Baileys starts a batch's handler without waiting for the previous one; ponte's
      // events must leave in arrival order, so the batches queue per instance, and one
      // batch's failure is logged without stopping the next.
      this.deps.batches
        .run(this.instance.id, () => this.onEvents(socket, events))
        .catch((error: unknown) => {
          this.deps.logger.error(
            { err: error, instance: this.instance.name },
            "event batch failed",
          );
        }),
    );
    this.sink.emit({ kind: "connection", state: "connecting", reason: "connecting" });
  }

  private async onEvents(socket: BaileysSocket, events: EventBatch): Promise<void> {
    // The credentials object is shared by every socket of this connection: a late
    // update from a replaced socket is still the truth about the session.
    if (events["creds.update"] !== undefined) this.saveCreds();
    const update = events["connection.update"];
    // A replaced socket's connection news is history; its messages are not.
    if (update !== undefined && socket === this.socket)
      await this.onConnectionUpdate(socket, update);
    this.chatStore.absorb(events);
    this.newsletters.absorb(events);
    await this.inbound.process(events);
  }

  private saveCreds(): void {
    const auth = this.auth;
    if (auth === undefined) return;
    this.credsWrite = this.credsWrite
      .then(() => auth.saveCreds())
      .catch((error: unknown) => {
        this.deps.logger.error(
          { err: error, instance: this.instance.name },
          "credentials not saved",
        );
      });
  }

  private async onConnectionUpdate(
    socket: BaileysSocket,
    update: NonNullable<EventBatch["connection.update"]>,
  ): Promise<void> {
    if (update.qr !== undefined) await this.onQr(socket, update.qr);
    if (update.connection === "open") await this.onOpen(socket);
    if (update.connection === "close") await this.onClose(update.lastDisconnect?.error);
  }

  private async onQr(socket: BaileysSocket, qr: string): Promise<void> {
    this.sawQr = true;
    const number = this.pairingNumber;
    if (number !== undefined) {
      // A QR means the socket is ready to pair; ask for a code instead, once.
      this.pairingNumber = undefined;
      try {
        const code = await socket.requestPairingCode(number);
        this.settleWaiters({ status: "pairing", pairingCode: code });
      } catch (error) {
        this.settleWaiters(new ProviderError(`Pairing code not issued: ${messageOf(error)}`, true));
      }
      return;
    }
    this.currentQr = qr;
    this.sink.emit({ kind: "connection", state: "connecting", reason: "qr_ready" });
    this.settleWaiters({ status: "qr", qrCode: qr });
  }

  private async onOpen(socket: BaileysSocket): Promise<void> {
    this.open = true;
    this.currentQr = undefined;
    this.attempt = 0;
    const me = selfJid(socket);
    this.inbound.setSelf(socket.user?.id ?? null, socket.user?.lid ?? null);
    const profile = await profileOf(socket, this.deps.logger);
    this.sink.emit({
      kind: "connection",
      state: "connected",
      reason: "connected",
      numberJid: me,
      profile,
    });
    this.settleWaiters({ status: "connected" });
  }

  private async onClose(error: unknown): Promise<void> {
    this.open = false;
    const registered = this.auth?.state.creds.registered ?? false;
    const outcome = closeOutcome(statusCodeOf(error), registered, this.sawQr);
    this.sawQr = false;
    await this.teardown();
    if (this.stopped) return;
    if (outcome.wipeSession) {
      this.auth = undefined;
      await this.credsWrite;
      await this.deps.sessions.clear(this.instance.id);
    }
    this.sink.emit({ kind: "connection", state: outcome.state, reason: outcome.reason });
    this.deps.logger.warn(
      { instance: this.instance.name, reason: outcome.reason, error: messageOf(error) },
      "WhatsApp connection closed",
    );
    if (outcome.reconnect === "never") {
      const retryable = outcome.reason === "connection_failed";
      this.settleWaiters(
        new ProviderError(
          `WhatsApp closed the connection (${outcome.reason}: ${messageOf(error)})`,
          retryable,
        ),
      );
      return;
    }
    this.attempt += 1;
    const delay = outcome.reconnect === "now" ? 0 : backoffDelay(this.attempt, RECONNECT_BACKOFF);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.stopped) return;
      this.start(undefined).catch((failure: unknown) => {
        this.deps.logger.error({ err: failure, instance: this.instance.name }, "reconnect failed");
      });
    }, delay);
  }

  private async teardown(): Promise<void> {
    const socket = this.socket;
    this.currentQr = undefined;
    this.socket = undefined;
    this.open = false;
    if (socket !== undefined) await socket.end(undefined).catch(() => undefined);
  }

  private clearReconnect(): void {
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : "unknown reason";
}

/**
 * Baileys' own log lines, through ponte's logger: its warnings and errors pass, its
 * info and debug chatter (every frame, every key) only when LOG_LEVEL is trace.
 */
export function baileysLogger(logger: Logger, instance: string): Logger {
  const quieter = logger.levelVal >= (logger.levels.values.warn ?? 40);
  const level = quieter || logger.level === "trace" ? logger.level : "warn";
  return logger.child({ instance, module: "baileys" }, { level });
}
