/**
 * A simulated phone. A sandbox instance connects at once, with a number derived from the
 * instance id (so it is the same after a restart), and behaves like a linked device.
 */
import { createHash } from "node:crypto";
import type {
  ConnectOptions,
  ConnectResult,
  ProviderConnection,
  ProviderEventSink,
  ProviderInstance,
  WhatsAppProvider,
} from "../provider.js";

/** A stable, valid-looking number in the reserved `+55 00` range: never a real phone. */
export function sandboxNumber(instanceId: string): string {
  const digits = BigInt(`0x${createHash("sha256").update(instanceId).digest("hex").slice(0, 12)}`)
    .toString()
    .padStart(9, "0")
    .slice(-9);
  return `5500${digits}`;
}

export class SandboxProvider implements WhatsAppProvider {
  readonly name = "sandbox" as const;
  private readonly connections = new Map<string, SandboxConnection>();

  open(instance: ProviderInstance, sink: ProviderEventSink): ProviderConnection {
    const connection = new SandboxConnection(instance, sink);
    this.connections.set(instance.id, connection);
    return connection;
  }

  /** The live connection of an instance in this process, for the sandbox endpoints. */
  connection(instanceId: string): SandboxConnection | undefined {
    return this.connections.get(instanceId);
  }

  forget(instanceId: string): Promise<void> {
    this.connections.delete(instanceId);
    return Promise.resolve();
  }
}

export class SandboxConnection implements ProviderConnection {
  private connected = false;

  constructor(
    readonly instance: ProviderInstance,
    private readonly sink: ProviderEventSink,
  ) {}

  get isConnected(): boolean {
    return this.connected;
  }

  get numberJid(): string {
    return `${sandboxNumber(this.instance.id)}@s.whatsapp.net`;
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
