export type DeliveryTarget = "api_inbox" | "account_webhook";
export type DeliveryState = "queued" | "in_flight" | "delivered" | "failed";

/** One POST Chatwoot would make from Sidekiq, and what became of it. */
export interface WebhookDelivery {
  /** The X-Chatwoot-Delivery UUID. */
  readonly id: string;
  readonly event: string;
  readonly target: DeliveryTarget;
  readonly url: string;
  readonly inboxId: number | null;
  readonly webhookId: number | null;
  /** The body as sent, parsed (what the receiver sees). */
  readonly payload: Record<string, unknown>;
  /** The exact bytes sent (what a signature covers). */
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly state: DeliveryState;
  readonly responseStatus: number | null;
  /** The error text Chatwoot would log (and store as a message's external_error). */
  readonly error: string | null;
  readonly enqueuedAt: number;
  readonly finishedAt: number | null;
}

interface Origin {
  event: string;
  target: DeliveryTarget;
  url: string;
  inboxId: number | null;
  webhookId: number | null;
  body: string;
}

/**
 * The dispatcher's mutable record. `payload` is parsed lazily from the sent body:
 * most deliveries are never inspected, and parsing every one would be the
 * emulator's biggest per-call cost.
 */
export class DeliveryRecord implements WebhookDelivery {
  readonly event: string;
  readonly target: DeliveryTarget;
  readonly url: string;
  readonly inboxId: number | null;
  readonly webhookId: number | null;
  readonly body: string;
  state: DeliveryState = "queued";
  responseStatus: number | null = null;
  error: string | null = null;
  finishedAt: number | null = null;
  private parsed: Record<string, unknown> | null = null;

  constructor(
    readonly id: string,
    origin: Origin,
    readonly headers: Record<string, string>,
    readonly enqueuedAt: number,
  ) {
    this.event = origin.event;
    this.target = origin.target;
    this.url = origin.url;
    this.inboxId = origin.inboxId;
    this.webhookId = origin.webhookId;
    this.body = origin.body;
  }

  get payload(): Record<string, unknown> {
    this.parsed ??= JSON.parse(this.body) as Record<string, unknown>;
    return this.parsed;
  }

  toJSON(): WebhookDelivery {
    const { id, event, target, url, inboxId, webhookId, payload, body, headers } = this;
    const { state, responseStatus, error, enqueuedAt, finishedAt } = this;
    return {
      id,
      event,
      target,
      url,
      inboxId,
      webhookId,
      payload,
      body,
      headers,
      state,
      responseStatus,
      error,
      enqueuedAt,
      finishedAt,
    };
  }
}
