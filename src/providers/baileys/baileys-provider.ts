/** The real WhatsApp provider: Baileys, with sessions in ponte's database. */
import { KeyedSerializer } from "../../platform/keyed-serializer.js";
import type { Logger } from "../../platform/logger.js";
import type {
  ProviderConnection,
  ProviderEventSink,
  ProviderInstance,
  WhatsAppProvider,
} from "../provider.js";
import type { SessionStore } from "../session-store.js";
import { BaileysConnection } from "./baileys-connection.js";
import { makeBaileysSocket, type SocketFactory } from "./socket.js";

export interface BaileysProviderOptions {
  sessions: SessionStore;
  logger: Logger;
  /** Tests pass a fake socket; users get Baileys' own. */
  makeSocket?: SocketFactory;
  waWebSocketUrl?: string | undefined;
  connectTimeoutMs?: number;
}

export class BaileysProvider implements WhatsAppProvider {
  readonly name = "baileys" as const;
  /** Each instance's inbound batches, in arrival order (a replaced connection's too). */
  private readonly batches = new KeyedSerializer();

  constructor(private readonly options: BaileysProviderOptions) {}

  open(instance: ProviderInstance, sink: ProviderEventSink): ProviderConnection {
    return new BaileysConnection(instance, sink, {
      sessions: this.options.sessions,
      logger: this.options.logger,
      batches: this.batches,
      makeSocket: this.options.makeSocket ?? makeBaileysSocket,
      waWebSocketUrl: this.options.waWebSocketUrl,
      // The spec's connect blocks "until a code or an error arrives (~60 s)".
      connectTimeoutMs: this.options.connectTimeoutMs ?? 60_000,
    });
  }

  forget(instanceId: string): Promise<void> {
    return this.options.sessions.clear(instanceId);
  }
}
