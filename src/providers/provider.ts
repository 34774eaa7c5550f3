/**
 * One interface for a WhatsApp connection. `sandbox` simulates a phone; `baileys` talks
 * to WhatsApp. Providers only emit events through the sink they are given: they never
 * know who listens (the event log, the bridge…).
 *
 * Message events already carry the wire shape of `message.exchange` (src/contracts), so
 * every provider produces exactly what consumers read; media bytes travel beside it.
 */
import type {
  CallUpdateData,
  ExchangeMessage,
  GroupFlowData,
  LabelUpdateData,
  MediaType,
  MessageRef,
  MessageStatusData,
} from "../contracts/events.js";
import type { MessageSends } from "./provider-messages.js";
import type { ChatActions } from "./provider-chats.js";
import type { ProfileActions } from "./provider-profile.js";
import type { GroupActions, NewsletterActions } from "./provider-groups.js";

export const PROVIDER_NAMES = ["sandbox", "baileys"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export type ConnectionState = "connected" | "connecting" | "disconnected" | "loggedout";

export interface ConnectOptions {
  /** A phone number asks for a pairing code instead of a QR code. */
  pairingNumber?: string | undefined;
  /** Days of history to ask for on first pairing. */
  historyDays?: number | undefined;
}

export type ConnectResult =
  | { status: "qr"; qrCode: string }
  | { status: "pairing"; pairingCode: string }
  | { status: "connected" };

export interface Profile {
  name: string;
  pictureUrl: string;
  isBusiness: boolean;
  businessName: string;
}

/** What a provider reports; the connection manager records it and publishes events. */
export type ProviderEvent =
  | {
      kind: "connection";
      state: ConnectionState;
      /** Why the state changed, e.g. `qr_ready`, `logged_out`, `temp_banned`. */
      reason?: string;
      numberJid?: string | null;
      profile?: Profile;
    }
  | {
      kind: "message";
      message: ExchangeMessage;
      /** The decoded media file, base64, when the message carries one. */
      mediaBase64?: string;
    }
  | { kind: "receipt"; receipt: Omit<MessageStatusData, "statusCode"> }
  | { kind: "call"; call: CallUpdateData }
  | { kind: "group"; group: GroupFlowData }
  | { kind: "label"; label: LabelUpdateData };

export interface ProviderEventSink {
  emit(event: ProviderEvent): void;
}

/** The instance settings a provider applies itself (spec/ryzeapi.md 4.7). */
export interface ProviderSettings {
  autoRejectCalls: boolean;
  callRejectMessage: string;
  ignoreGroupMessages: boolean;
  keepOnlineStatus: boolean;
  autoReadMessages: boolean;
  disableHistorySync: boolean;
  ignoreStatus: boolean;
}

/** The instance's own proxy; takes effect on the next connect or reconnect. */
export interface ProviderProxy {
  protocol: "http" | "https" | "socks5";
  host: string;
  port: string;
  username: string | null;
  password: string | null;
}

export interface ProviderOptions {
  settings: ProviderSettings;
  proxy: ProviderProxy | null;
}

/** Identity of the instance a connection belongs to. */
export interface ProviderInstance {
  id: string;
  name: string;
  /** The current settings and proxy, read afresh whenever the provider needs them. */
  loadOptions(): Promise<ProviderOptions>;
}

/** Where a message lives: enough for a provider to quote, react to or revoke it. */
export interface MessageKey {
  id: string;
  chatJid: string;
  fromMe: boolean;
  /** The author in a group. */
  participant: string | null;
}

/** A stored message being quoted, with what a quote needs to show. */
export interface QuotedMessage extends MessageKey {
  text: string;
}

export interface SendCommon {
  /** The recipient's JID, already resolved (`…@s.whatsapp.net`, `…@g.us`, `…@lid`, …). */
  to: string;
  replyTo?: QuotedMessage | undefined;
  mentions?: string[] | undefined;
  mentionAll?: boolean | undefined;
  /** Echoed, unchanged, on the `message` event the send produces (Decision 13). */
  source?: string | undefined;
  /** The WhatsApp message id to send under; the provider picks one when absent. */
  messageId?: string | undefined;
}

export interface SendText extends SendCommon {
  text: string;
  linkPreview?: boolean | undefined;
}

export interface SendMedia extends SendCommon {
  mediaType: MediaType;
  base64: string;
  mimetype: string;
  size: number;
  fileName: string | null;
  caption: string | null;
  duration: number | null;
}

export interface SendReaction {
  to: string;
  target: MessageRef;
  /** "" removes the reaction. */
  emoji: string;
  source?: string | undefined;
}

export interface SentMessage {
  id: string;
  timestamp: string;
  /** The provider's URL of uploaded media, when it has one. */
  mediaUrl?: string | null;
}

export interface NumberLookup {
  /** The number asked about (digits). */
  number: string;
  exists: boolean;
  jid: string;
}

export type Presence = "composing" | "recording" | "paused" | "available" | "unavailable";

/** A live connection; the message kinds beyond text and media are in provider-messages.ts. */
export interface ProviderConnection extends MessageSends {
  /** Contacts, labels and chat flags (provider-chats.ts). */
  readonly chats: ChatActions;
  /** This account's profile, others' profiles, privacy (provider-profile.ts). */
  readonly profile: ProfileActions;
  /** Groups and communities (provider-groups.ts). */
  readonly groups: GroupActions;
  /** Channels this account follows or owns (provider-groups.ts). */
  readonly newsletters: NewsletterActions;
  connect(options: ConnectOptions): Promise<ConnectResult>;
  /** Resumes from the stored session, without a QR code. */
  reconnect(): Promise<void>;
  /** Unlinks the device and wipes the session. */
  logout(): Promise<void>;
  /** Closes the socket, keeping the session (process shutdown). */
  close(): Promise<void>;
  /** True while messages can be sent. */
  isConnected(): boolean;
  /** Which of these phone numbers have a WhatsApp account. */
  lookup(numbers: string[]): Promise<NumberLookup[]>;
  sendText(input: SendText): Promise<SentMessage>;
  sendMedia(input: SendMedia): Promise<SentMessage>;
  sendReaction(input: SendReaction): Promise<SentMessage>;
  /** Delete for everyone; emits a `message_revoke` message event. */
  revoke(key: MessageKey, source?: string): Promise<SentMessage>;
  /** Delete on this device only. */
  deleteForMe(key: MessageKey): Promise<void>;
  /** Sends read receipts; emits `read_self` receipts. */
  markRead(keys: MessageKey[]): Promise<void>;
  sendPresence(jid: string, presence: Presence): Promise<void>;
  /**
   * New settings while connected (spec 4.7): applied at once, e.g. `keepOnlineStatus`
   * sets the presence now. Providers that read settings only at connect may omit it.
   */
  applySettings?(settings: ProviderSettings): Promise<void>;
}

export interface WhatsAppProvider {
  readonly name: ProviderName;
  open(instance: ProviderInstance, sink: ProviderEventSink): ProviderConnection;
  /** Removes every trace of the instance's session (instance deletion). */
  forget(instanceId: string): Promise<void>;
}

export class ProviderError extends Error {
  constructor(
    message: string,
    /** Whether trying again later may succeed. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

/** The provider cannot do this at all (answered 501, as RyzeAPI does for whatsmeow's gaps). */
export class ProviderUnsupportedError extends ProviderError {
  constructor(message: string) {
    super(message, false);
    this.name = "ProviderUnsupportedError";
  }
}
