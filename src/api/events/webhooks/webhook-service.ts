/** The rules of webhook configuration (spec/ryzeapi.md 5.2) and of the dead-letter list. */
import type { Clock } from "../../../platform/clock.js";
import { badRequest, conflict, notFound } from "../../../platform/errors.js";
import type { OutboundGuard } from "../../../platform/net/outbound-fetch.js";
import type { InstanceRecord } from "../../instances/instance-model.js";
import { distinctEvents } from "../log/envelope.js";
import type { DeadLetter, DeliveryStore } from "./delivery-store.js";
import type { WebhookBody, WebhookView } from "./webhook-schemas.js";
import type { WebhookConfig, WebhookStore } from "./webhook-store.js";

export const MAX_ENABLED_WEBHOOKS = 3;
export const DEFAULT_LABEL = "default";
export const WEBHOOK_NOT_FOUND = "Webhook not found";
export const TOO_MANY_WEBHOOKS = `Maximum of ${MAX_ENABLED_WEBHOOKS} enabled webhooks per instance reached`;
export const DUPLICATE_WEBHOOK = "A webhook with this URL already exists for this instance";
export const URL_REQUIRED = "url is required when the webhook is enabled";
export const URL_INVALID = "url must be an http:// or https:// URL";
export const URL_CREDENTIALS =
  'url must not carry credentials (user:password@); send them in authorization, e.g. "Basic <base64 of user:password>"';

export class WebhookService {
  constructor(
    private readonly webhooks: WebhookStore,
    private readonly deliveries: DeliveryStore,
    private readonly clock: Clock,
    /** Wakes the delivery lanes of webhooks that have work again. */
    private readonly kick: (webhookIds: string[]) => void,
    private readonly outbound: Pick<OutboundGuard, "checkUrl">,
  ) {}

  /** Creates or overwrites the webhook of the body's label. */
  async configure(instance: InstanceRecord, body: WebhookBody): Promise<WebhookView> {
    const label = labelOf(body.label);
    const enabled = body.enabled ?? true;
    const byEvents = body.byEvents ?? false;
    const at = this.now();
    if (!enabled) {
      // Soft-disable: the row stays, its target and filter are cleared (spec 5.2).
      const stored = await this.webhooks.upsert(
        instance.id,
        {
          label,
          enabled,
          url: null,
          authorization: null,
          byEvents,
          events: [],
          mediaBase64: false,
        },
        at,
      );
      await this.deliveries.dropPending(stored.id);
      return viewOf(stored);
    }
    const url = checkUrl(body.url);
    await this.outbound.checkUrl(url, "url");
    const others = (await this.webhooks.list(instance.id)).filter(
      (webhook) => webhook.enabled && webhook.label !== label,
    );
    if (others.some((webhook) => webhook.url === url)) throw conflict(DUPLICATE_WEBHOOK);
    if (others.length >= MAX_ENABLED_WEBHOOKS) throw conflict(TOO_MANY_WEBHOOKS);
    const stored = await this.webhooks.upsert(
      instance.id,
      {
        label,
        enabled,
        url,
        authorization: body.authorization === "" ? null : (body.authorization ?? null),
        byEvents,
        events: distinctEvents(body.events),
        mediaBase64: body.mediaBase64 ?? false,
      },
      at,
    );
    return viewOf(stored);
  }

  async list(instance: InstanceRecord): Promise<WebhookView[]> {
    return (await this.webhooks.list(instance.id)).map(viewOf);
  }

  async get(instance: InstanceRecord, label: string | undefined): Promise<WebhookView> {
    return viewOf(await this.require(instance, labelOf(label)));
  }

  /** The default webhook, for the instance list; undefined when there is none. */
  async defaultWebhook(instance: InstanceRecord): Promise<WebhookView | undefined> {
    const stored = await this.webhooks.get(instance.id, DEFAULT_LABEL);
    return stored === undefined ? undefined : viewOf(stored);
  }

  /** The default webhook of each instance of the account, without secrets, for the list. */
  async defaultWebhooks(
    accountId: string,
  ): Promise<Map<string, Omit<WebhookView, "authorization">>> {
    const stored = await this.webhooks.ofAccount(accountId, DEFAULT_LABEL);
    return new Map(stored.map((webhook) => [webhook.instanceId, summaryOf(webhook)]));
  }

  async deadLetters(instance: InstanceRecord, label: string | undefined): Promise<DeadLetter[]> {
    const webhookId =
      label === undefined ? undefined : (await this.require(instance, labelOf(label))).id;
    return this.deliveries.listDead(instance.id, webhookId);
  }

  /** Requeues dead letters (all, those of a label, or the listed ids); returns how many. */
  async replay(
    instance: InstanceRecord,
    filter: { label?: string | undefined; ids?: string[] | undefined },
  ): Promise<number> {
    const webhookId =
      filter.label === undefined
        ? undefined
        : (await this.require(instance, labelOf(filter.label))).id;
    const { count, webhookIds } = await this.deliveries.requeue(instance.id, this.now(), {
      ids: filter.ids,
      webhookId,
    });
    this.kick(webhookIds);
    return count;
  }

  private async require(instance: InstanceRecord, label: string): Promise<WebhookConfig> {
    const stored = await this.webhooks.get(instance.id, label);
    if (stored === undefined) throw notFound(WEBHOOK_NOT_FOUND);
    return stored;
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

/** An omitted or empty label is `default` (spec 5.2). */
function labelOf(label: string | undefined): string {
  return label === undefined || label.trim() === "" ? DEFAULT_LABEL : label.trim();
}

function checkUrl(url: string | undefined): string {
  if (url === undefined || url === "") throw badRequest(URL_REQUIRED);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest(URL_INVALID);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw badRequest(URL_INVALID);
  // Credentials in the URL would be stored and shown as the URL, and fetch refuses them.
  if (parsed.username !== "" || parsed.password !== "") throw badRequest(URL_CREDENTIALS);
  return url;
}

/** The list's summary of a webhook: its view without the secret. */
function summaryOf(
  webhook: Omit<WebhookConfig, "authorization">,
): Omit<WebhookView, "authorization"> {
  return {
    label: webhook.label,
    enabled: webhook.enabled,
    url: webhook.url ?? "",
    byEvents: webhook.byEvents,
    events: webhook.events,
    mediaBase64: webhook.mediaBase64,
  };
}

/** What the owner sees: cleared fields come back empty, the authorization in plaintext. */
export function viewOf(webhook: WebhookConfig): WebhookView {
  return {
    label: webhook.label,
    enabled: webhook.enabled,
    url: webhook.url ?? "",
    authorization: webhook.authorization ?? "",
    byEvents: webhook.byEvents,
    events: webhook.events,
    mediaBase64: webhook.mediaBase64,
  };
}
