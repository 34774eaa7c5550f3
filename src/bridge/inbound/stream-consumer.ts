/**
 * Consumes one instance's events for one integration: `/ws/chatwoot/:instance` with
 * `?after=` the last sequence durably turned into jobs. Frames are handled strictly in
 * order; a batch of them becomes jobs in one transaction that also moves the cursor, so
 * an event is either queued and passed, or neither (then replayed on reconnect). Only
 * the holder of the integration's stream lease consumes, so two gateway processes never
 * queue the same event twice.
 */
import WebSocket from "ws";
import type { Clock } from "../../platform/clock.js";
import type { DialectName } from "../../platform/db/database.js";
import type { LeaseStore, Owner } from "../../platform/db/lease-store.js";
import type { Logger } from "../../platform/logger.js";
import { backoffDelay } from "../../platform/retry.js";
import { bridgeAuthorization } from "../../contracts/bridge.js";
import { eventEnvelopeSchema, type EventEnvelope } from "../../contracts/events.js";
import type { BridgeDb } from "../bridge-schema.js";
import { ContactStore } from "../contacts/contact-store.js";
import { IntegrationStore } from "../integrations/integration-store.js";
import type { SecretBox } from "../../platform/crypto.js";
import { JobStore, type NewJob } from "../queue/job-store.js";
import { aliasesOf, route, type StateChange } from "./event-router.js";
import { controlFrameOf, type ControlFrame } from "./control-frames.js";

export interface StreamDeps {
  /** The API's WebSocket base (`ws://host:port`), without a trailing `/`. */
  apiWsUrl: string;
  token: string;
  db: BridgeDb;
  dialect: DialectName;
  secrets: SecretBox;
  leases: LeaseStore;
  owner: Owner;
  leaseTtlMs: number;
  clock: Clock;
  logger: Logger;
  /** Jobs were queued: the runner should look. */
  onJobs: () => void;
}

const EVENTS = "message.exchange,message.status,instance.state";

export class StreamConsumer {
  private socket: WebSocket | undefined;
  private stopped = false;
  /** A batch failed to record: later frames are ignored until the stream is reopened. */
  private broken = false;
  private failures = 0;
  private buffer: EventEnvelope[] = [];
  private draining: Promise<void> = Promise.resolve();
  private retry: NodeJS.Timeout | undefined;
  private renewal: NodeJS.Timeout | undefined;
  private readonly integrations: IntegrationStore;

  constructor(
    readonly integrationId: string,
    private readonly deps: StreamDeps,
  ) {
    this.integrations = new IntegrationStore(deps.db, deps.secrets);
  }

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.renewal);
    this.socket?.close(1000, "integration stopped");
    await this.draining.catch(() => undefined);
    await this.deps.leases.release(this.integrationId, this.deps.owner.id).catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      const now = this.deps.clock.now();
      if (
        !(await this.deps.leases.acquire(
          this.integrationId,
          this.deps.owner,
          now,
          this.deps.leaseTtlMs,
        ))
      ) {
        // Another gateway process consumes this integration; look again when its lease could lapse.
        this.later(this.deps.leaseTtlMs / 2);
        return;
      }
      const integration = await this.integrations.get(this.integrationId);
      if (integration === undefined) return;
      this.open(integration.instanceId, integration.streamSeq);
    } catch (error) {
      this.deps.logger.warn(
        { err: error, integrationId: this.integrationId },
        "event stream could not start",
      );
      this.reconnect();
    }
  }

  private open(instanceId: string, after: number | null): void {
    const query = `events=${EVENTS}&mediaBase64=false${after === null ? "" : `&after=${after}`}`;
    const url = `${this.deps.apiWsUrl}/ws/chatwoot/${encodeURIComponent(instanceId)}?${query}`;
    const socket = new WebSocket(url, {
      headers: { authorization: bridgeAuthorization(this.deps.token) },
    });
    this.socket = socket;
    socket.on("open", () => {
      this.failures = 0;
      this.broken = false;
      this.renewal = setInterval(
        () => void this.renewLease(),
        Math.max(500, this.deps.leaseTtlMs / 3),
      );
    });
    socket.on("message", (data: WebSocket.RawData) => this.receive(textOf(data)));
    socket.on("unexpected-response", (_request, response) => {
      this.deps.logger.warn(
        { integrationId: this.integrationId, status: response.statusCode },
        "the API refused the event stream",
      );
      void this.setStatus({
        status: "error",
        lastError: `the API refused the event stream (HTTP ${response.statusCode})`,
      });
      socket.terminate();
    });
    socket.on("error", (error) => {
      this.deps.logger.debug(
        { err: error, integrationId: this.integrationId },
        "event stream error",
      );
    });
    socket.on("close", (code) => {
      clearInterval(this.renewal);
      if (this.socket === socket) this.socket = undefined;
      if (code === 4404)
        void this.setStatus({ status: "error", lastError: "the instance was deleted" });
      this.reconnect();
    });
  }

  private receive(text: string): void {
    if (this.broken) return;
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      this.deps.logger.warn(
        { integrationId: this.integrationId },
        "event stream sent a frame that is not JSON",
      );
      return;
    }
    const control = controlFrameOf(frame);
    if (control !== undefined) {
      this.enqueueControl(control);
      return;
    }
    const envelope = eventEnvelopeSchema.safeParse(frame);
    if (!envelope.success) {
      this.deps.logger.error(
        { integrationId: this.integrationId, problem: envelope.error.issues[0]?.message },
        "event stream sent an event that breaks the envelope contract; it is skipped",
      );
      return;
    }
    this.buffer.push(envelope.data);
    this.drain();
  }

  private enqueueControl(control: ControlFrame): void {
    this.draining = this.draining.then(async () => {
      if (control.type === "gap") {
        const lastError = `events ${control.requestedAfter + 1}–${control.resumedAfter} were removed by retention before the gateway read them`;
        this.deps.logger.error(
          { integrationId: this.integrationId, ...control },
          "event stream gap",
        );
        await this.setStatus({ status: "active", lastError });
      }
      await this.integrations.advanceStream(
        this.integrationId,
        control.type === "gap" ? control.resumedAfter : control.after,
      );
    });
  }

  /** Turns buffered events into jobs, one transaction per batch, strictly in order. */
  private drain(): void {
    this.draining = this.draining
      .then(async () => {
        while (this.buffer.length > 0 && !this.stopped) {
          const batch = this.buffer;
          this.buffer = [];
          const last = await this.record(batch);
          this.ack(last);
          this.deps.onJobs();
        }
      })
      .catch((error: unknown) => {
        // Nothing of the batch is recorded: reconnect and read it again from the cursor.
        this.deps.logger.warn(
          { err: error, integrationId: this.integrationId },
          "could not queue events; resuming from the last recorded one",
        );
        this.buffer = [];
        this.socket?.terminate();
      });
  }

  private record(batch: EventEnvelope[]): Promise<number> {
    return recordBatch(this.deps, this.integrationId, batch);
  }

  /** Tells the API how far the gateway has recorded, so retention keeps the rest. */
  private ack(seq: number): void {
    if (this.socket?.readyState === WebSocket.OPEN)
      this.socket.send(JSON.stringify({ type: "ack", seq }));
  }

  private async renewLease(): Promise<void> {
    const held = await this.deps.leases
      .acquire(this.integrationId, this.deps.owner, this.deps.clock.now(), this.deps.leaseTtlMs)
      .catch(() => true);
    if (!held) {
      this.deps.logger.warn(
        { integrationId: this.integrationId },
        "stream lease taken over; stopping here",
      );
      this.socket?.close(1000, "lease lost");
    }
  }

  private async setStatus(change: StateChange): Promise<void> {
    await this.integrations
      .setStatus(
        this.integrationId,
        change.status,
        change.lastError,
        new Date(this.deps.clock.now()).toISOString(),
      )
      .catch(() => undefined);
  }

  private reconnect(): void {
    if (this.stopped) return;
    this.failures += 1;
    this.later(backoffDelay(this.failures, { baseMs: 250, capMs: 15_000 }));
  }

  private later(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), ms);
    this.retry.unref();
  }
}

function textOf(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}

/**
 * Turns a batch of the integration's events into jobs and moves its cursor past them, in
 * one transaction; returns the batch's last sequence number. Events at or before the
 * cursor are skipped (a replay after a reconnect).
 */
export async function recordBatch(
  deps: Pick<StreamDeps, "db" | "dialect" | "secrets" | "clock">,
  integrationId: string,
  batch: readonly EventEnvelope[],
): Promise<number> {
  return deps.db.transaction().execute(async (tx) => {
    const integrations = new IntegrationStore(tx, deps.secrets);
    // The API process writes the same database all the while: the transaction must
    // hold the write lock before it reads what it then writes after.
    await integrations.holdForWrite(integrationId);
    const integration = await integrations.get(integrationId);
    if (integration === undefined) return batch.at(-1)?.seq ?? 0;
    const contacts = new ContactStore(tx);
    const jobs: NewJob[] = [];
    let state: StateChange | undefined;
    for (const envelope of batch) {
      if (integration.streamSeq !== null && envelope.seq <= integration.streamSeq) continue;
      const routed = await route(envelope, integration, (chat) =>
        contacts.keyOf(integration.id, aliasesOf(chat)),
      );
      jobs.push(...routed.jobs);
      state = routed.state ?? state;
    }
    const now = deps.clock.now();
    await new JobStore(tx, deps.dialect).enqueue(jobs, now);
    const last = batch.at(-1)?.seq ?? 0;
    await integrations.advanceStream(integration.id, last);
    if (state !== undefined)
      await integrations.setStatus(
        integration.id,
        state.status,
        state.lastError,
        new Date(now).toISOString(),
      );
    return last;
  });
}
