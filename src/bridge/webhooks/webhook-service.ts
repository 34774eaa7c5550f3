/**
 * Chatwoot → gateway (spec/bridge.md "Chatwoot → bridge"). A delivery is checked (path
 * secret, signature, inbox), deduplicated (by `X-Chatwoot-Delivery` and by message id),
 * turned into a durable job and answered: only database writes happen before the 200,
 * so Chatwoot's 5 s limit is never near, whatever WhatsApp does meanwhile.
 */
import type { Clock } from "../../platform/clock.js";
import type { DialectName } from "../../platform/db/database.js";
import type { Logger } from "../../platform/logger.js";
import type { BridgeDb } from "../bridge-schema.js";
import type { ContactStore } from "../contacts/contact-store.js";

import { WAID } from "../inbound/inbound-handler.js";
import type { Integration } from "../integrations/integration-model.js";
import type { IntegrationStore } from "../integrations/integration-store.js";
import type { MessageMapStore } from "../message-map/message-map-store.js";
import { JobStore } from "../queue/job-store.js";
import { outboundJob, type OutboundPayload } from "../outbound/outbound-job.js";
import { checkSignature } from "./signature.js";
import { fixedLengthEqual } from "../../platform/crypto.js";
import {
  createdAtMs,
  webhookConversationStatusSchema,
  webhookEventSchema,
  webhookMessageSchema,
  type WebhookMessage,
} from "./webhook-payload.js";

export interface WebhookRequest {
  integrationId: string;
  secret: string;
  deliveryId: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer;
}

export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface WebhookDeps {
  db: BridgeDb;
  dialect: DialectName;
  integrations: IntegrationStore;
  contacts: ContactStore;
  map: MessageMapStore;
  clock: Clock;
  logger: Logger;
  onJobs: () => void;
}

const NOT_FOUND: WebhookAnswer = { status: 404, body: { error: "not found" } };

export class WebhookService {
  constructor(private readonly deps: WebhookDeps) {}

  async receive(request: WebhookRequest): Promise<WebhookAnswer> {
    const integration = await this.deps.integrations.get(request.integrationId);
    // Unknown, deleted, or the wrong secret: the same answer, so the URL reveals nothing.
    if (integration === undefined || !fixedLengthEqual(request.secret, integration.webhookSecret))
      return NOT_FOUND;
    const now = this.deps.clock.now();
    if (integration.signingSecret !== null) {
      const check = checkSignature(integration.signingSecret, request, request.rawBody, now);
      if (check !== "ok") {
        this.deps.logger.warn(
          { integrationId: integration.id, check },
          "chatwoot webhook signature refused",
        );
        return { status: 401, body: { error: `signature ${check}` } };
      }
    }
    let payload: unknown;
    try {
      payload = JSON.parse(request.rawBody.toString("utf8"));
    } catch {
      return { status: 400, body: { error: "malformed JSON" } };
    }
    const event = webhookEventSchema.safeParse(payload);
    if (!event.success) return { status: 400, body: { error: "not a Chatwoot event" } };
    // Most deliveries (a customer's message mirrored in, a conversation updated) ask for
    // nothing: they are answered without a write. Only one acted on is remembered.
    const action = actionOf(integration, event.data.event, payload);
    if (action === undefined) return { status: 200, body: { ok: true, queued: false } };
    if (!(await this.firstDelivery(integration.id, request.deliveryId, now))) {
      return { status: 200, body: { ok: true, duplicate: true } };
    }
    const queued = await this.act(integration, action, request.deliveryId);
    if (queued) this.deps.onJobs();
    return { status: 200, body: { ok: true, queued } };
  }

  private async act(
    integration: Integration,
    action: Action,
    deliveryId: string | undefined,
  ): Promise<boolean> {
    if (action.kind === "status") {
      const scope = { integrationId: integration.id, inboxScope: integration.inboxScope };
      await this.deps.contacts.setConversationStatus(scope, action.conversationId, action.status);
      return false;
    }
    const { message } = action;
    const payloadOf = await this.payloadOf(integration, message);
    if (message.event === "message_created")
      return this.enqueue(integration, payloadOf, `out:${message.id}`);
    return this.onUpdated(integration, message, payloadOf, deliveryId);
  }

  /** `message_updated`: the agent pressed Retry on a message that failed to reach WhatsApp. */
  private async onUpdated(
    integration: Integration,
    message: WebhookMessage,
    payload: OutboundPayload,
    deliveryId: string | undefined,
  ): Promise<boolean> {
    if (message.status === "failed" || message.content_attributes?.external_error !== undefined)
      return false;
    const scope = { integrationId: integration.id, inboxScope: integration.inboxScope };
    const entry = await this.deps.map.byChatwoot(scope, message.id);
    if (entry === undefined) return this.enqueue(integration, payload, `out:${message.id}`);
    if (entry.state !== "failed") return false;
    return this.enqueue(
      integration,
      { ...payload, retry: true },
      `retry:${message.id}:${deliveryId ?? Date.now()}`,
    );
  }

  private async payloadOf(
    integration: Integration,
    message: WebhookMessage,
  ): Promise<OutboundPayload> {
    const scope = { integrationId: integration.id, inboxScope: integration.inboxScope };
    const contact = await this.deps.contacts.byConversation(scope, message.conversation.id);
    const sender = message.conversation.meta?.sender;
    return {
      conversationId: message.conversation.id,
      messageId: message.id,
      content: message.content ?? "",
      senderName: message.sender?.name ?? "",
      orderKey: contact?.contact_key ?? `cw:${message.conversation.id}`,
      phone: sender?.phone_number ?? null,
      identifier: sender?.identifier ?? null,
      chatwootStatus: message.status ?? "sent",
    };
  }

  private async enqueue(
    integration: Integration,
    payload: OutboundPayload,
    dedupeKey: string,
  ): Promise<boolean> {
    const jobs = new JobStore(this.deps.db, this.deps.dialect);
    const added = await jobs.enqueue(
      [outboundJob(integration.id, payload, dedupeKey)],
      this.deps.clock.now(),
    );
    return added > 0;
  }

  /** False when this delivery id was seen before (Chatwoot or a proxy delivered twice). */
  private async firstDelivery(
    integrationId: string,
    deliveryId: string | undefined,
    now: number,
  ): Promise<boolean> {
    if (deliveryId === undefined || deliveryId === "") return true;
    const result = await this.deps.db
      .insertInto("bridge_deliveries")
      .values({
        integration_id: integrationId,
        delivery_id: deliveryId.slice(0, 100),
        received_at: now,
      })
      .onConflict((oc) => oc.columns(["integration_id", "delivery_id"]).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }
}

type Action =
  | { kind: "status"; conversationId: number; status: string }
  | { kind: "reply"; message: WebhookMessage };

/** What a delivery asks of this integration, read from its payload alone; undefined: nothing. */
function actionOf(integration: Integration, event: string, payload: unknown): Action | undefined {
  if (event === "conversation_status_changed") {
    const parsed = webhookConversationStatusSchema.safeParse(payload);
    if (!parsed.success || parsed.data.inbox_id !== integration.inboxId) return undefined;
    return { kind: "status", conversationId: parsed.data.id, status: parsed.data.status };
  }
  if (event !== "message_created" && event !== "message_updated") return undefined;
  // Only an agent's reply is acted on, and Chatwoot sends the echo of every message the
  // gateway relays in: those are turned away before the whole payload is validated.
  if ((payload as { message_type?: unknown }).message_type !== "outgoing") return undefined;
  const parsed = webhookMessageSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const message = parsed.data;
  // Acted on only for the inbox (and account) this integration's path names.
  if (message.inbox?.id !== integration.inboxId) return undefined;
  if (
    message.account !== null &&
    message.account !== undefined &&
    message.account.id !== integration.chatwoot.accountId
  )
    return undefined;
  return isAgentReply(message, integration) ? { kind: "reply", message } : undefined;
}

/**
 * An agent's public reply: outgoing, not a private note, not deleted, not a WhatsApp
 * message the gateway itself mirrored into Chatwoot, and written after activation.
 */
export function isAgentReply(message: WebhookMessage, integration: Integration): boolean {
  if (message.message_type !== "outgoing" || message.private === true) return false;
  if (message.source_id?.startsWith(WAID) === true) return false;
  if (message.content_attributes?.deleted === true) return false;
  const created = createdAtMs(message.created_at);
  return created === undefined || created >= Date.parse(integration.activatedAt) - 1_000;
}
