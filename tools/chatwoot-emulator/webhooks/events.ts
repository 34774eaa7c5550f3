import type { DomainEvent, EmulatorContext, EventSink } from "../context.js";
import { contactWebhookData } from "../presenters/contacts.js";
import { conversationPushData } from "../presenters/conversations.js";
import { inboxJson } from "../presenters/inboxes.js";
import type { Json } from "../presenters/users.js";
import { messageWebhookData } from "../presenters/webhook-payloads.js";
import type { Inbox } from "../types.js";
import type { WebhookDelivery, WebhookDispatcher } from "./dispatcher.js";

interface Routed {
  payload: Json;
  accountId: number;
  /** Set when the API inbox's webhook_url also receives the event. */
  inbox: Inbox | null;
}

/** `WebhookListener`: builds each payload and picks its receivers. */
function route(ctx: EmulatorContext, event: DomainEvent): Routed | null {
  const { state } = ctx;
  switch (event.name) {
    case "message_created":
    case "message_updated": {
      const m = state.messages.get(event.messageId);
      // webhook_sendable?: activity messages never leave Chatwoot.
      if (!m || m.messageType === "activity") return null;
      return {
        payload: messageWebhookData(ctx, m),
        accountId: m.accountId,
        inbox: state.inboxes.get(m.inboxId) ?? null,
      };
    }
    case "conversation_created":
    case "conversation_updated":
    case "conversation_status_changed": {
      const c = state.conversations.get(event.conversationId);
      if (!c) return null;
      const payload = conversationPushData(ctx, c);
      if (event.name !== "conversation_created") payload.changed_attributes = event.changed;
      return { payload, accountId: c.accountId, inbox: state.inboxes.get(c.inboxId) ?? null };
    }
    case "contact_created":
    case "contact_updated": {
      const contact = state.contacts.get(event.contactId);
      if (!contact) return null;
      const payload = contactWebhookData(state, contact);
      if (event.name === "contact_updated") payload.changed_attributes = event.changed;
      return { payload, accountId: contact.accountId, inbox: null };
    }
    case "inbox_created":
    case "inbox_updated": {
      const inbox = state.inboxes.get(event.inboxId);
      if (!inbox) return null;
      const payload = inboxJson(inbox, false, false);
      if (event.name === "inbox_updated") payload.changed_attributes = event.changed;
      return { payload, accountId: inbox.accountId, inbox: null };
    }
  }
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
    const signing = ctx.signing();
    for (const hook of ctx.state.accountWebhooks(routed.accountId)) {
      if (!hook.subscriptions.includes(event.name)) continue;
      this.dispatcher.enqueue({
        event: event.name,
        target: "account_webhook",
        url: hook.url,
        inboxId: null,
        webhookId: hook.id,
        secret: signing ? hook.secret : null,
        payload: routed.payload,
      });
    }
    const channel = routed.inbox?.channel;
    if (routed.inbox && channel?.kind === "api" && channel.webhookUrl !== "") {
      this.dispatcher.enqueue({
        event: event.name,
        target: "api_inbox",
        url: channel.webhookUrl,
        inboxId: routed.inbox.id,
        webhookId: null,
        secret: signing ? channel.secret : null,
        payload: routed.payload,
      });
    }
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
