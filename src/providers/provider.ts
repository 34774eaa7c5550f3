/**
 * One interface for a WhatsApp connection. `sandbox` simulates a phone; `baileys` talks
 * to WhatsApp. Providers only emit events through the sink they are given: they never
 * know who listens (the event log, the bridge…).
 */
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

/** What a provider reports; the instance service records it and publishes events. */
export type ProviderEvent =
  | {
      kind: "connection";
      state: ConnectionState;
      /** Why the state changed, e.g. `qr_ready`, `logged_out`, `temp_banned`. */
      reason?: string;
      numberJid?: string | null;
      profile?: Profile;
    }
  | { kind: "raw"; event: string; data: Record<string, unknown> };

export interface ProviderEventSink {
  emit(event: ProviderEvent): void;
}

/** Identity of the instance a connection belongs to. */
export interface ProviderInstance {
  id: string;
  name: string;
}

export interface ProviderConnection {
  connect(options: ConnectOptions): Promise<ConnectResult>;
  /** Resumes from the stored session, without a QR code. */
  reconnect(): Promise<void>;
  /** Unlinks the device and wipes the session. */
  logout(): Promise<void>;
  /** Closes the socket, keeping the session (process shutdown). */
  close(): Promise<void>;
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
