/**
 * A simulated phone. A sandbox instance connects at once, with a number derived from the
 * instance id (so it is the same after a restart), and behaves like a linked device:
 * see sandbox-connection.ts for sends and docs/sandbox.md for the phone-side endpoints.
 */
import { createHash } from "node:crypto";
import type {
  ProviderConnection,
  ProviderEventSink,
  ProviderInstance,
  WhatsAppProvider,
} from "../provider.js";
import { userJid } from "../jid.js";
import { SandboxConnection } from "./sandbox-connection.js";
import { SandboxPhone } from "./sandbox-phone.js";

export { SandboxConnection } from "./sandbox-connection.js";

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
  /** The phone outlives a connection (reconnects keep the outbox and faults). */
  private readonly phones = new Map<string, SandboxPhone>();

  open(instance: ProviderInstance, sink: ProviderEventSink): ProviderConnection {
    const connection = new SandboxConnection(
      instance,
      userJid(sandboxNumber(instance.id)),
      this.phone(instance.id),
      sink,
    );
    this.connections.set(instance.id, connection);
    return connection;
  }

  /** The live connection of an instance in this process, for the sandbox endpoints. */
  connection(instanceId: string): SandboxConnection | undefined {
    return this.connections.get(instanceId);
  }

  phone(instanceId: string): SandboxPhone {
    let phone = this.phones.get(instanceId);
    if (phone === undefined) {
      phone = new SandboxPhone();
      this.phones.set(instanceId, phone);
    }
    return phone;
  }

  forget(instanceId: string): Promise<void> {
    this.connections.delete(instanceId);
    this.phones.delete(instanceId);
    return Promise.resolve();
  }
}
