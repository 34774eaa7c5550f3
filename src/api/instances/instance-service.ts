/** The rules of the instance module: creation, listing, connection lifecycle, deletion. */
import { randomUUID } from "node:crypto";
import type { Clock } from "../../platform/clock.js";
import type { SecretBox } from "../../platform/crypto.js";
import { hashToken, newToken } from "../../platform/crypto.js";
import {
  AppError,
  badRequest,
  conflict,
  describeError,
  documentedFailure,
  forbidden,
  notFound,
} from "../../platform/errors.js";
import type { Logger } from "../../platform/logger.js";
import type { OutboundPolicy } from "../../platform/net/outbound-guard.js";
import {
  ProviderError,
  type ConnectOptions,
  type ConnectResult,
  type ProviderName,
} from "../../providers/provider.js";
import type { AccountStore } from "../auth/account-store.js";
import type { ConnectionManager } from "../connections/connection-manager.js";
import { DISABLED, type InstanceModule, type ModuleKey, type ModuleSummary } from "./extensions.js";
import type { InstanceRecord } from "./instance-model.js";
import type { CreateInstanceBody, InstanceView } from "./instance-schemas.js";
import { proxyFromCreate, s3FromCreate, settingsFromCreate } from "./blocks.js";
import { nextTurn } from "../../platform/next-turn.js";
import type { InstanceStore } from "./instance-store.js";
import { checkProxy, checkS3 } from "./endpoint-checks.js";
import type { InstanceListStore, ListPage } from "./instance-list-store.js";
import { assembleView, listViews, type Listing, type YieldTurn } from "./instance-listing.js";

export const QUOTA_EXCEEDED = "Account instance quota exceeded";
export const NAME_TAKEN = "Instance name already exists";
export const TOKEN_TAKEN = "Instance token already in use";
export const NO_SESSION = "Instance has no saved session — call /connect first";

/** What creation checks beyond the body's schema. */
export interface CreationRules {
  /** Inline proxy and S3 blocks name outbound targets. */
  outbound: OutboundPolicy;
  /** Hashes of service tokens (BRIDGE_TOKEN) no instance may take as its own. */
  reservedTokenHashes: readonly string[];
  /** How the list gives the event loop a turn between slices (tests pause it). */
  yieldTurn?: YieldTurn | undefined;
  /** Told once an instance is deleted, so its token is forgotten by the token cache. */
  onTokenEnded?: (() => void) | undefined;
}

export interface CreatedInstance {
  view: InstanceView;
  token: string;
  blocks: Partial<Record<ModuleKey, Record<string, unknown>>>;
}

export class InstanceService {
  private readonly modules = new Map<ModuleKey, InstanceModule>();

  constructor(
    private readonly store: InstanceStore,
    private readonly accounts: AccountStore,
    private readonly connections: ConnectionManager,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly defaultProvider: ProviderName,
    private readonly rules: CreationRules,
    private readonly listStore: InstanceListStore,
  ) {}

  register(module: InstanceModule): void {
    this.modules.set(module.key, module);
  }

  async create(accountId: string, body: CreateInstanceBody): Promise<CreatedInstance> {
    const account = await this.accounts.findById(accountId);
    if (account === undefined) throw notFound("Account not found");
    const provider = body.provider ?? this.defaultProvider;
    this.connections.provider(provider);
    if (await this.store.nameTaken(accountId, body.name)) throw conflict(NAME_TAKEN);
    const proxy = proxyFromCreate(body);
    const s3 = s3FromCreate(body);
    await checkProxy(proxy, this.rules.outbound);
    await checkS3(s3, this.rules.outbound);
    const token = body.token ?? newToken("ins_");
    const tokenHash = hashToken(token);
    // Unique across every credential: instances, accounts and the service token.
    if (
      this.rules.reservedTokenHashes.includes(tokenHash) ||
      (await this.store.tokenTaken(tokenHash))
    )
      throw conflict(TOKEN_TAKEN);
    const now = new Date(this.clock.now()).toISOString();
    const record: InstanceRecord = {
      id: randomUUID(),
      accountId,
      name: body.name,
      provider,
      connectionState: "disconnected",
      presenceStatus: "unavailable",
      numberJid: null,
      profile: { name: "", pictureUrl: "", isBusiness: false, businessName: "" },
      hasSession: false,
      tokenSealed: this.secrets.seal(token),
      createdAt: now,
      updatedAt: now,
    };
    const outcome = await this.store
      .create(
        {
          record,
          tokenHash,
          settings: settingsFromCreate(body),
          proxy,
          s3,
        },
        account.maxInstances,
      )
      .catch((error: unknown) => {
        // Two creations racing for one name: the unique index decides.
        if (/unique|duplicate/i.test(String(error))) throw conflict(NAME_TAKEN);
        throw error;
      });
    if (outcome === "quota") throw forbidden(QUOTA_EXCEEDED);
    const blocks: CreatedInstance["blocks"] = {};
    for (const module of this.modules.values()) {
      const block = await module.applyInline(record, body).catch((error: unknown) => {
        this.logger.warn(
          { err: error, instance: record.name, module: module.key },
          "inline block failed",
        );
        return { enabled: false, status: "error", error: "internal error" };
      });
      if (block !== undefined) blocks[module.key] = block;
    }
    return { view: await this.view(record, true), token, blocks };
  }

  list(accountId: string, names?: string[]): Promise<InstanceRecord[]> {
    return documentedFailure("Failed to get instance", this.logger, () =>
      this.store.listByAccount(accountId, names),
    );
  }

  /** The list's views, in a fixed number of queries (instance-listing.ts). */
  listViews(accountId: string, names?: string[], page?: ListPage): Promise<Listing> {
    return documentedFailure("Failed to get instance", this.logger, () =>
      listViews(
        {
          store: this.listStore,
          modules: [...this.modules.values()],
          secrets: this.secrets,
          yieldTurn: this.rules.yieldTurn ?? nextTurn,
        },
        accountId,
        names,
        page,
      ),
    );
  }

  async view(instance: InstanceRecord, withToken: boolean): Promise<InstanceView> {
    const [settings, proxy, s3, webhook, websocket, chatwoot] = await Promise.all([
      this.store.getSettings(instance.id),
      this.store.getProxy(instance.id),
      this.store.getS3(instance.id),
      this.summary("webhook", instance),
      this.summary("websocket", instance),
      this.summary("chatwoot", instance),
    ]);
    const summaries = { webhook, websocket, chatwoot };
    return assembleView(
      instance,
      { settings, proxy, s3 },
      (key) => summaries[key],
      withToken ? this.secrets.open(instance.tokenSealed) : undefined,
    );
  }

  /** The plaintext TokenInstance (events carry it as `instanceData.token`). */
  tokenOf(instance: InstanceRecord): string {
    return this.secrets.open(instance.tokenSealed);
  }

  async connect(instance: InstanceRecord, options: ConnectOptions): Promise<ConnectResult> {
    try {
      return await providerStep("connect", () =>
        this.connections.connection(instance).then((c) => c.connect(options)),
      );
    } finally {
      // The answer reflects every state change the attempt caused, success or not.
      await this.connections.settled(instance.id);
    }
  }

  async reconnect(instance: InstanceRecord): Promise<void> {
    if (!instance.hasSession || instance.connectionState === "loggedout")
      throw badRequest(NO_SESSION);
    try {
      await providerStep("reconnect", () =>
        this.connections.connection(instance).then((c) => c.reconnect()),
      );
    } finally {
      await this.connections.settled(instance.id);
    }
  }

  async logout(instance: InstanceRecord): Promise<void> {
    const connection = await this.connections.connection(instance);
    await documentedFailure("Failed to logout instance", this.logger, async () => {
      await connection.logout();
      await this.connections.settled(instance.id);
      await this.store.updateConnection(
        instance.id,
        { state: "loggedout", hasSession: false, presenceStatus: "unavailable" },
        new Date(this.clock.now()).toISOString(),
      );
      await this.connections.release(instance, true);
    });
  }

  async delete(instance: InstanceRecord): Promise<void> {
    if (instance.connectionState === "connected" || instance.connectionState === "connecting") {
      await this.connections
        .connection(instance)
        .then((connection) => connection.logout())
        .catch((error: unknown) => {
          this.logger.warn({ err: error, instance: instance.name }, "logout before delete failed");
        });
    }
    await this.connections.release(instance, true);
    try {
      for (const module of this.modules.values()) await module.beforeDelete(instance);
      await this.store.delete(instance.id);
      this.rules.onTokenEnded?.();
    } catch (error) {
      this.logger.error({ err: error, instance: instance.name }, "instance not deleted");
      throw new AppError(500, `Failed to delete instance: ${describeError(error)}`);
    }
  }

  /**
   * Resumes the connections that should be up and that no live process holds: at start,
   * those this process had when it stopped; later, those whose holder died.
   */
  async resumeConnections(): Promise<void> {
    const resumable = await this.store.listResumable();
    const unheld = new Set(await this.connections.unheld(resumable.map((i) => i.id)));
    for (const instance of resumable) {
      if (!unheld.has(instance.id) || !this.connections.isAvailable(instance.provider)) continue;
      await this.connections
        .connection(instance)
        .then((connection) => connection.reconnect())
        .catch((error: unknown) => {
          this.logger.warn({ err: error, instance: instance.name }, "could not resume connection");
        });
      // Start-up is over when the resumed states are recorded, not merely requested.
      await this.connections.settled(instance.id);
    }
  }

  /** Renews this process's leases and takes over lapsed ones, every `everyMs`. */
  keepLeases(everyMs: number): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.connections
        .renewLeases()
        .then(() => this.resumeConnections())
        .catch((error: unknown) => this.logger.warn({ err: error }, "lease upkeep failed"))
        .finally(() => (running = false));
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async summary(key: ModuleKey, instance: InstanceRecord): Promise<ModuleSummary> {
    const module = this.modules.get(key);
    return module === undefined ? DISABLED : module.summary(instance);
  }
}

/**
 * A provider's failure as the documented answer: `Failed to reconnect: <reason>` (500),
 * or 503 for `connect` when trying again later may succeed (WhatsApp unreachable).
 */
async function providerStep<T>(what: "connect" | "reconnect", step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    const status = what === "connect" && error.retryable ? 503 : 500;
    throw new AppError(status, `Failed to ${what}: ${error.message}`);
  }
}
