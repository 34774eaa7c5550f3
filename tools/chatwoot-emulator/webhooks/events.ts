import type { DomainEvent, EmulatorContext, EventSink } from "../context.js";
import { contactWebhookData } from "../presenters/contacts.js";
import { conversationPushData } from "../presenters/conversations.js";
import { inboxJson } from "../presenters/inboxes.js";
import type { Json } from "../presenters/users.js";
import { messageWebhookData } from "../presenters/webhook-payloads.js";
import type { Inbox } from "../types.js";
import type { EnqueueRequest, WebhookDelivery, WebhookDispatcher } from "./dispatcher.js";

interface Routed {
  accountId: number;
  /** Set when the API inbox's webhook_url also receives the event. */
  inbox: Inbox | null;
  /** Builds the payload; only called when someone will receive it. */
  build(): Json;
}

const withChanges = (payload: Json, changed: unknown): Json => ({
  ...payload,
  changed_attributes: changed,
});

/** `WebhookListener`: picks each event's receivers and how to build its payload. */
function route(ctx: EmulatorContext, event: DomainEvent): Routed | null {
  const { state } = ctx;
  switch (event.name) {
    case "message_created":
    case "message_updated": {
      const m = state.messages.get(event.messageId);
      // webhook_sendable?: activity messages never leave Chatwoot.
      if (!m || m.messageType === "activity") return null;
      const inbox = state.inboxes.get(m.inboxId) ?? null;
      return { accountId: m.accountId, inbox, build: () => messageWebhookData(ctx, m) };
    }
    case "conversation_created":
    case "conversation_updated":
    case "conversation_status_changed": {
      const c = state.conversations.get(event.conversationId);
      if (!c) return null;
      const inbox = state.inboxes.get(c.inboxId) ?? null;
      const build =
        event.name === "conversation_created"
          ? () => conversationPushData(ctx, c)
          : () => withChanges(conversationPushData(ctx, c), event.changed);
      return { accountId: c.accountId, inbox, build };
    }
    case "contact_created":
    case "contact_updated": {
      const contact = state.contacts.get(event.contactId);
      if (!contact) return null;
      const build =
        event.name === "contact_created"
          ? () => contactWebhookData(state, contact)
          : () => withChanges(contactWebhookData(state, contact), event.changed);
      return { accountId: contact.accountId, inbox: null, build };
    }
    case "inbox_created":
    case "inbox_updated": {
      const inbox = state.inboxes.get(event.inboxId);
      if (!inbox) return null;
      const build =
        event.name === "inbox_created"
          ? () => inboxJson(inbox, false, false)
          : () => withChanges(inboxJson(inbox, false, false), event.changed);
      return { accountId: inbox.accountId, inbox: null, build };
    }
  }
}

type Target = Omit<EnqueueRequest, "event" | "body">;

function targets(ctx: EmulatorContext, event: string, routed: Routed): Target[] {
  const signing = ctx.signing();
  const list: Target[] = ctx.state
    .accountWebhooks(routed.accountId)
    .filter((hook) => hook.subscriptions.includes(event))
    .map((hook) => ({
      target: "account_webhook",
      url: hook.url,
      inboxId: null,
      webhookId: hook.id,
      secret: signing ? hook.secret : null,
    }));
  const channel = routed.inbox?.channel;
  if (routed.inbox && channel?.kind === "api" && channel.webhookUrl !== "") {
    list.push({
      target: "api_inbox",
      url: channel.webhookUrl,
      inboxId: routed.inbox.id,
      webhookId: null,
      secret: signing ? channel.secret : null,
    });
  }
  return list;
}

/**
 * The EventSink services report to. Account webhooks get every subscribed event; an
 * API inbox's webhook_url gets message and conversation events (private notes
 * included). Both can point at the same receiver, which then sees events twice.
 */
export class WebhookEvents implements EventSink {
  private ctx: EmulatorContext | null = null;

  constructor(private readonly dispatcher: WebhookDispatcher) {}

  bind(ctx: EmulatorContext): void {
    this.ctx = ctx;
  }

  emit(event: DomainEvent): void {
    const ctx = this.ctx;
    if (!ctx) return;
    const routed = route(ctx, event);
    if (!routed) return;
    const receivers = targets(ctx, event.name, routed);
    if (receivers.length === 0) return;
    const body = JSON.stringify({ ...routed.build(), event: event.name });
    for (const receiver of receivers)
      this.dispatcher.enqueue({ ...receiver, event: event.name, body });
  }
}

/**
 * Webhooks::Trigger#handle_error for API inboxes: a failed message_created/updated
 * delivery marks that message `failed` with the error text (which fires
 * message_updated again; an identical second failure changes nothing and stops).
 */
export function failedDeliveryHandler(
  getCtx: () => EmulatorContext,
  markFailed: (ctx: EmulatorContext, messageId: number, error: string) => void,
): (delivery: WebhookDelivery) => void {
  return (delivery) => {
    if (delivery.target !== "api_inbox") return;
    if (delivery.event !== "message_created" && delivery.event !== "message_updated") return;
    const id = delivery.payload.id;
    if (typeof id !== "number") return;
    markFailed(getCtx(), id, delivery.error ?? "");
  };
}
