/**
 * Delivers the durable webhook queue. Each webhook is a lane, and within a lane order is
 * kept per chat (the delivery's order key): a chat's deliveries go out one at a time in
 * event order (its head waits out its retries before the next may go), while different
 * chats go in parallel, at most `concurrency` deliveries in flight per webhook. A chat
 * being retried therefore holds up only its own later events; every lane runs on its
 * own, so a slow or dead target holds up only its own webhook.
 * A lane is leased through the one lease primitive (scope `webhook-lane`, keyed by the
 * webhook's id), so with several API processes exactly one delivers a given webhook; a
 * lease left by a crashed process lapses and another takes over.
 */
import { setMaxListeners } from "node:events";
import type { Dispatcher } from "undici";
import type { Clock } from "../../../platform/clock.js";
import type { LeaseStore } from "../../../platform/db/lease-store.js";
import type { Logger } from "../../../platform/logger.js";
import { backoffDelay } from "../../../platform/retry.js";
import type { InstanceData } from "../../../contracts/events.js";
import type { EventLogStore } from "../log/log-store.js";
import { toEnvelope } from "../log/envelope.js";
import type { Delivery, DeliveryStore } from "./delivery-store.js";
import type { WebhookConfig, WebhookStore } from "./webhook-store.js";
import { sendDelivery, type OutgoingDelivery, type SendOutcome } from "./webhook-sender.js";

/** The lease scope of webhook lanes (src/platform/db/lease-store.ts). */
export const WEBHOOK_LANE_SCOPE = "webhook-lane";
/** How long a lane trusts the webhook configuration it read. */
const CONFIG_FRESH_MS = 1_000;
/** The longest wait before a retry, whatever the attempt or the target's Retry-After. */
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

export interface DeliverySettings {
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  /** How often the queue is scanned for work this process was not told about. */
  pollMs: number;
  userAgent: string;
  /** Deliveries in flight at once per webhook, each of a different chat. */
  concurrency: number;
}

interface Lane {
  /** Told of new work while running: look at the queue again before ending. */
  dirty: boolean;
  done: Promise<void>;
  /** Ends the lane's current wait early (a kick, an attempt that finished). */
  wake: () => void;
}

export interface DeliveryDeps {
  deliveries: DeliveryStore;
  webhooks: WebhookStore;
  log: EventLogStore;
  /** The envelope's `instanceData` of an instance, or undefined once it is gone. */
  instanceData(instanceId: string): Promise<InstanceData | undefined>;
  clock: Clock;
  logger: Logger;
  /** Webhook lane leases (scope `webhook-lane`), keyed by webhook id. */
  lanes: LeaseStore;
  /** This process, as lane owner. */
  owner: string;
  /** Told the outcome of every attempt (metrics). */
  onOutcome?: (outcome: "delivered" | "retry" | "dead") => void;
  /** The outbound guard's dispatcher: targets are checked again at connect time. */
  dispatcher: Dispatcher;
}

export class DeliveryWorker {
  private readonly lanes = new Map<string, Lane>();
  private readonly stop = new AbortController();
  private poller: NodeJS.Timeout | undefined;
  private readonly leaseMs: number;

  constructor(
    private readonly deps: DeliveryDeps,
    private readonly settings: DeliverySettings,
  ) {
    this.leaseMs = Math.max(30_000, settings.timeoutMs * 3);
    // Every attempt in flight and every waiting lane listens for the stop: as many as
    // lanes × concurrency, legitimately more than the default warning's 10.
    setMaxListeners(0, this.stop.signal);
  }

  start(): void {
    void this.poll();
    this.poller = setInterval(() => void this.poll(), this.settings.pollMs);
    this.poller.unref();
  }

  /** New deliveries were queued for these webhooks. */
  kick(webhookIds: Iterable<string>): void {
    for (const id of webhookIds) {
      const lane = this.lanes.get(id);
      if (lane === undefined) this.startLane(id);
      else {
        lane.dirty = true;
        lane.wake();
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.poller);
    this.stop.abort();
    await Promise.allSettled([...this.lanes.values()].map((lane) => lane.done));
  }

  private async poll(): Promise<void> {
    if (this.stop.signal.aborted) return;
    try {
      const now = this.deps.clock.now();
      const due = await this.deps.deliveries.dueWebhooks(this.iso(now), 500);
      const idle = due.filter((id) => !this.lanes.has(id));
      // Lanes another process holds are left to it; a lapsed one is taken over. The lease
      // cannot keep two lanes of this process apart (they share its owner id), so a lane
      // started meanwhile (a kick, an overlapping scan) is checked for again after the await.
      for (const id of await this.deps.lanes.unheld(idle, now)) {
        if (!this.lanes.has(id)) this.startLane(id);
      }
    } catch (error) {
      this.deps.logger.warn({ err: error }, "webhook queue scan failed");
    }
  }

  private startLane(webhookId: string): void {
    if (this.stop.signal.aborted) return;
    const lane: Lane = { dirty: false, done: Promise.resolve(), wake: () => undefined };
    lane.done = this.runLane(webhookId, lane)
      .catch((error: unknown) => {
        this.deps.logger.error(
          { err: error, webhookId },
          "webhook lane failed; resumes on the next scan",
        );
      })
      .then(async () => {
        // Released before the lane is forgotten, so no second local lane can race the
        // release; close() awaits this, so a clean stop hands the lane over at once.
        await this.deps.lanes.release(webhookId, this.deps.owner).catch(() => undefined);
        this.lanes.delete(webhookId);
        if (lane.dirty) this.startLane(webhookId);
      });
    this.lanes.set(webhookId, lane);
  }

  private async runLane(webhookId: string, lane: Lane): Promise<void> {
    const { webhooks, deliveries, clock, lanes, owner } = this.deps;
    // In flight, by order key: at most one per chat, at most `concurrency` in all.
    const inFlight = new Map<string, Promise<void>>();
    let failure: { error: unknown } | undefined;
    // The earliest retry this lane scheduled since it last asked the queue.
    let retryAt = Infinity;
    // The lease is renewed once half of it has run, not before every delivery: while
    // more than half remains no other process can take the lane, and an attempt
    // (at most timeoutMs, a third of the lease) ends before the lease could lapse.
    let leasedUntil = 0;
    let config: { value: WebhookConfig | undefined; readAt: number } | undefined;
    try {
      while (!this.stop.signal.aborted && failure === undefined) {
        const now = clock.now();
        if (leasedUntil - now < this.leaseMs / 2) {
          if (!(await lanes.acquire(webhookId, { id: owner }, now, this.leaseMs))) {
            // Another process delivers this webhook; the queue scan finds anything it leaves.
            lane.dirty = false;
            return;
          }
          leasedUntil = now + this.leaseMs;
        }
        lane.dirty = false;
        // A configuration change reaches the lane within CONFIG_FRESH_MS.
        if (config === undefined || clock.now() - config.readAt > CONFIG_FRESH_MS) {
          config = { value: await webhooks.findById(webhookId), readAt: clock.now() };
        }
        const current = config.value;
        if (current === undefined || !current.enabled) return;
        const woken = this.nextWake(lane);
        const free = this.settings.concurrency - inFlight.size;
        const busy = [...inFlight.keys()];
        const heads =
          free > 0 ? await deliveries.dueHeads(webhookId, this.iso(now), busy, free) : [];
        for (const head of heads) {
          const attempt = this.attempt(current, head)
            .then((retryTime) => {
              if (retryTime !== undefined) retryAt = Math.min(retryAt, retryTime);
            })
            .catch((error: unknown) => {
              failure ??= { error };
            })
            .finally(() => {
              inFlight.delete(head.orderKey);
              lane.wake();
            });
          inFlight.set(head.orderKey, attempt);
        }
        if (heads.length === free) {
          // Full: wait for an attempt to end (or a kick), renewing the lease meanwhile.
          await this.waitFor(woken, this.leaseMs / 3);
          continue;
        }
        if (inFlight.size > 0) {
          // Each attempt that ends wakes the lane, which then looks for due chats again;
          // only a retry scheduled meanwhile may fall due sooner. (Asking the queue when
          // the next chat falls due reads every pending row: done only when idle.)
          const wait = retryAt - clock.now();
          retryAt = wait > 0 ? retryAt : Infinity;
          if (wait > 0) await this.waitFor(woken, Math.min(wait, this.leaseMs / 3));
          continue;
        }
        // Nothing is out; when does the next chat fall due (a retry's time)?
        retryAt = Infinity;
        const next = await deliveries.nextDue(webhookId, []);
        if (next === undefined) {
          // A kick may have come while the queue was read: look again rather than exit.
          if (kickedMeanwhile(lane)) continue;
          return;
        }
        const wait = next - clock.now();
        // Slept in slices shorter than the lease, renewing it on each pass.
        if (wait > 0) await this.waitFor(woken, Math.min(wait, this.leaseMs / 3));
      }
    } finally {
      // Nothing is released while an attempt of this lane is still out.
      await Promise.allSettled(inFlight.values());
    }
    if (failure !== undefined) throw failure.error;
  }

  /** A promise that settles at the lane's next wake-up call. */
  private nextWake(lane: Lane): Promise<void> {
    return new Promise((resolve) => {
      lane.wake = resolve;
    });
  }

  /** Waits for `woken`, at most `ms`, or until the worker stops. */
  private waitFor(woken: Promise<void>, ms: number): Promise<void> {
    return this.sleep(ms, woken);
  }

  /** One attempt at a delivery; returns when it is retried, if it is. */
  private async attempt(config: WebhookConfig, delivery: Delivery): Promise<number | undefined> {
    const { deliveries, logger, clock } = this.deps;
    const outgoing = await this.build(config, delivery);
    const at = () => this.iso(clock.now());
    if (outgoing === undefined) {
      await deliveries.markDead(delivery.id, {
        attempts: delivery.attempts,
        status: null,
        error: "the event is no longer in the log",
        at: at(),
      });
      this.deps.onOutcome?.("dead");
      return;
    }
    const outcome: SendOutcome = await sendDelivery(
      outgoing,
      this.settings.timeoutMs,
      this.stop.signal,
      () => clock.now(),
      this.deps.dispatcher,
    );
    if ("stopped" in outcome) return;
    const attempts = delivery.attempts + 1;
    if (outcome.ok) {
      await deliveries.markDelivered(delivery.id, {
        attempts,
        status: outcome.value.status,
        error: null,
        at: at(),
      });
      this.deps.onOutcome?.("delivered");
      return;
    }
    const { failure } = outcome;
    const status = failure.kind === "status" ? failure.status : null;
    const record = { attempts, status, error: failure.detail, at: at() };
    if (!failure.retryable || attempts >= this.settings.maxAttempts) {
      logger.warn(
        {
          webhook: config.label,
          instanceId: config.instanceId,
          seq: delivery.eventSeq,
          error: failure.detail,
        },
        "webhook delivery dead-lettered",
      );
      await deliveries.markDead(delivery.id, record);
      this.deps.onOutcome?.("dead");
      return;
    }
    // The platform's backoff from the configured base, never shorter than a Retry-After
    // the target sent, and capped at one hour (docs/events.md "Delivery").
    const delay = backoffDelay(
      attempts,
      { baseMs: this.settings.retryBaseMs, capMs: MAX_RETRY_DELAY_MS },
      { atLeastMs: failure.kind === "status" ? failure.retryAfterMs : undefined },
    );
    const retryTime = clock.now() + delay;
    await deliveries.scheduleRetry(delivery.id, record, this.iso(retryTime));
    this.deps.onOutcome?.("retry");
    return retryTime;
  }

  private async build(
    config: WebhookConfig,
    delivery: Delivery,
  ): Promise<OutgoingDelivery | undefined> {
    const [stored, instanceData] = await Promise.all([
      this.deps.log.read(delivery.instanceId, delivery.eventSeq, config.mediaBase64),
      this.deps.instanceData(delivery.instanceId),
    ]);
    if (stored === undefined || instanceData === undefined || config.url === null) return undefined;
    const envelope = toEnvelope(stored, instanceData, config.mediaBase64);
    const base = config.url.replace(/\/+$/, "");
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": this.settings.userAgent,
      "x-ponte-delivery": delivery.id,
      "x-ponte-event": stored.event,
      "x-ponte-seq": String(stored.seq),
      "x-ponte-attempt": String(delivery.attempts + 1),
    };
    // An authorization that can no longer be decrypted (key rotated) is not sent.
    if (config.authorization !== null && config.authorizationReadable) {
      headers.authorization = config.authorization;
    }
    return {
      url: config.byEvents ? `${base}/${stored.event}` : config.url,
      headers,
      body: JSON.stringify(envelope),
    };
  }

  /**
   * Sleeps `ms`, or less if the worker stops or `early` settles. Whichever comes first
   * clears the timer and the abort listener, so waits cut short leave nothing behind.
   */
  private sleep(ms: number, early?: Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.stop.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done);
      void early?.then(done);
    });
  }

  private iso(ms: number): string {
    return new Date(ms).toISOString();
  }
}

/** Read through a function so that the compiler does not narrow the flag across awaits. */
function kickedMeanwhile(lane: { dirty: boolean }): boolean {
  return lane.dirty;
}
