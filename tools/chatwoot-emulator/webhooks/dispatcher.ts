import { createHmac, randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { DeliveryTarget, WebhookDelivery } from "./delivery.js";
import { DeliveryRecord } from "./delivery.js";
import { Agents, DeliveryTimeout, post } from "./transport.js";

export type { DeliveryState, DeliveryTarget, WebhookDelivery } from "./delivery.js";

export interface EnqueueRequest {
  event: string;
  target: DeliveryTarget;
  url: string;
  inboxId: number | null;
  webhookId: number | null;
  secret: string | null;
  /** The JSON body, `event` included, serialised once per event for all receivers. */
  body: string;
}

export interface DispatcherOptions {
  timeoutMs: () => number;
  concurrency: number;
  maxRecords: number;
  now: () => number;
  onFailure: (delivery: WebhookDelivery) => void;
}

/** `sha256=` + hex HMAC-SHA256(secret, "<timestamp>.<raw body>") (Webhooks::Trigger). */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

function headersFor(
  req: EnqueueRequest,
  id: string,
  body: string,
  now: number,
): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json",
    "x-chatwoot-delivery": id,
  };
  if (req.secret) {
    const ts = String(Math.floor(now / 1000));
    headers["x-chatwoot-timestamp"] = ts;
    headers["x-chatwoot-signature"] = signature(req.secret, ts, body);
  }
  return headers;
}

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Error texts in the style of Chatwoot's HTTP client exceptions. */
export function describeFailure(error: unknown, url: string): string {
  if (error instanceof DeliveryTimeout) return error.message;
  const cause = error instanceof Error ? error : new Error(String(error));
  const code = (cause as NodeJS.ErrnoException).code;
  const { hostname, port } = new URL(url);
  if (code === "ECONNREFUSED") {
    return `Failed to open TCP connection to ${hostname}:${port} (Connection refused - connect(2) for "${hostname}" port ${port})`;
  }
  if (code === "ECONNRESET" || code === "EPIPE") return "Server broke connection";
  return cause.message;
}

/**
 * Sends webhook deliveries asynchronously, like Sidekiq's WebhookJob: a timeout
 * (WEBHOOK_TIMEOUT, 5 s), NO retry, failures recorded and reported once.
 */
export class WebhookDispatcher {
  private readonly queue: DeliveryRecord[] = [];
  private readonly all: DeliveryRecord[] = [];
  private readonly waiters: (() => void)[] = [];
  private readonly controllers = new Set<AbortController>();
  private readonly agents = new Agents();
  private active = 0;
  private closed = false;

  constructor(private readonly options: DispatcherOptions) {}

  enqueue(req: EnqueueRequest): WebhookDelivery {
    const id = randomUUID();
    const now = this.options.now();
    const headers = headersFor(req, id, req.body, now);
    const delivery = new DeliveryRecord(id, req, headers, now);
    this.all.push(delivery);
    // Trim in batches: Array#shift on a full list would cost O(n) per delivery.
    const max = this.options.maxRecords;
    if (this.all.length > max * 1.25) this.all.splice(0, this.all.length - max);
    this.queue.push(delivery);
    setImmediate(() => {
      this.pump();
    });
    return delivery;
  }

  deliveries(): WebhookDelivery[] {
    return this.all.slice(-this.options.maxRecords);
  }

  clear(): void {
    this.all.length = 0;
  }

  /** Resolves once nothing is queued or in flight (including follow-up deliveries). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const c of this.controllers) c.abort();
    this.queue.length = 0;
    this.agents.destroy();
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.active === 0;
  }

  private pump(): void {
    while (!this.closed && this.active < this.options.concurrency) {
      const next = this.queue.shift();
      if (!next) break;
      this.active += 1;
      void this.send(next).finally(() => {
        this.active -= 1;
        this.pump();
        this.settle();
      });
    }
    this.settle();
  }

  private settle(): void {
    if (!this.isIdle()) return;
    // Failure handlers may enqueue more; let their setImmediate run before resolving.
    setImmediate(() => {
      if (!this.isIdle()) return;
      for (const resolve of this.waiters.splice(0)) resolve();
    });
  }

  private async send(delivery: DeliveryRecord): Promise<void> {
    delivery.state = "in_flight";
    const controller = new AbortController();
    this.controllers.add(controller);
    try {
      const { url, headers, body } = delivery;
      const status = await post(
        url,
        headers,
        body,
        this.options.timeoutMs(),
        controller.signal,
        this.agents,
      );
      delivery.responseStatus = status;
      if (status < 200 || status > 299) {
        throw new Error(`${status} ${STATUS_CODES[status] ?? ""}`.trim());
      }
      delivery.state = "delivered";
    } catch (error) {
      delivery.state = "failed";
      delivery.error =
        delivery.responseStatus === null ? describeFailure(error, delivery.url) : errorText(error);
      if (!this.closed) this.options.onFailure(delivery);
    } finally {
      this.controllers.delete(controller);
      delivery.finishedAt = this.options.now();
    }
  }
}
