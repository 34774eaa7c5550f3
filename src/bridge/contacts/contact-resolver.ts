/**
 * Who a WhatsApp chat is in Chatwoot. Warm: the local contact table answers with no call.
 * Cold: one `POST /contacts` that also creates the contact_inbox (so there is exactly
 * one per contact and inbox), falling back to the contact Chatwoot already has when the
 * phone number or identifier is taken (another inbox of the account met them first).
 * Conversations: the contact's current one, or a new one (the first message, after a
 * resolved one when `reopenResolved` is off, or after it was deleted in Chatwoot).
 */
import type { Chat } from "../../contracts/events.js";
import type { Clock } from "../../platform/clock.js";
import type { ChatwootClient } from "../chatwoot/chatwoot-client.js";
import type { ChatwootContact } from "../chatwoot/chatwoot-schemas.js";
import type { ChatwootResult } from "../chatwoot/chatwoot-failure.js";
import type { Integration } from "../integrations/integration-model.js";
import type { ContactRow, ContactStore } from "./contact-store.js";

export interface Cached<T> {
  value: T;
  /** True when it came from the local table (and may be stale in Chatwoot). */
  cached: boolean;
}

const E164 = /^\+[1-9]\d{1,14}$/;

export class ContactResolver {
  constructor(
    private readonly contacts: ContactStore,
    private readonly clock: Clock,
  ) {}

  async contact(
    client: ChatwootClient,
    integration: Integration,
    key: string,
    chat: Chat,
  ): Promise<ChatwootResult<Cached<ContactRow>>> {
    const scope = { integrationId: integration.id, inboxScope: integration.inboxScope };
    const known = await this.contacts.get(scope, key);
    if (known !== undefined) return { ok: true, value: { value: known, cached: true } };
    const found = await this.findOrCreate(client, integration, key, chat);
    if (!found.ok) return found;
    const row: ContactRow = {
      integration_id: integration.id,
      inbox_scope: integration.inboxScope,
      contact_key: key,
      chat_jid: chat.jid,
      chatwoot_contact_id: found.value.id,
      source_id: found.value.sourceId,
      conversation_id: null,
      conversation_status: null,
      updated_at: new Date(this.clock.now()).toISOString(),
    };
    await this.contacts.save(row);
    return { ok: true, value: { value: row, cached: false } };
  }

  async conversation(
    client: ChatwootClient,
    integration: Integration,
    contact: ContactRow,
  ): Promise<ChatwootResult<Cached<number>>> {
    const current = contact.conversation_id;
    const closed = contact.conversation_status === "resolved" && !integration.flags.reopenResolved;
    if (current !== null && !closed) return { ok: true, value: { value: current, cached: true } };
    const created = await client.createConversation({
      sourceId: contact.source_id,
      inboxId: integration.inboxId,
      contactId: contact.chatwoot_contact_id,
      status: integration.flags.startAsPending ? "pending" : "open",
    });
    if (!created.ok) return created;
    await this.contacts.save({
      ...contact,
      conversation_id: created.value.id,
      conversation_status: created.value.status,
      updated_at: new Date(this.clock.now()).toISOString(),
    });
    return { ok: true, value: { value: created.value.id, cached: false } };
  }

  /** Forgets what the local table knew (Chatwoot answered 404/422 on it). */
  async invalidate(integration: Integration, key: string): Promise<void> {
    await this.contacts.forget(
      { integrationId: integration.id, inboxScope: integration.inboxScope },
      key,
    );
  }

  private async findOrCreate(
    client: ChatwootClient,
    integration: Integration,
    key: string,
    chat: Chat,
  ): Promise<ChatwootResult<{ id: number; sourceId: string }>> {
    const phone = chat.type === "private" && chat.phone !== null ? `+${chat.phone}` : undefined;
    const phoneNumber = phone !== undefined && E164.test(phone) ? phone : undefined;
    // Groups and LID-only people have no phone Chatwoot accepts: their JID identifies them.
    const identifier = phoneNumber === undefined ? (chat.lid ?? chat.jid) : undefined;
    const sourceId = `wa:${key}`;
    const name = chat.name !== "" ? chat.name : (phoneNumber ?? chat.jid);
    const created = await client.createContact({
      inboxId: integration.inboxId,
      name,
      phoneNumber,
      identifier,
      sourceId,
    });
    if (created.ok || created.failure.kind !== "invalid") return created;
    const search = await client.searchContacts(phoneNumber ?? identifier ?? chat.jid);
    if (!search.ok) return search;
    const existing = search.value.find(
      (contact) =>
        (phoneNumber !== undefined && contact.phone_number === phoneNumber) ||
        (identifier !== undefined && contact.identifier === identifier),
    );
    if (existing === undefined) return created;
    return this.attach(client, integration, existing, sourceId);
  }

  /** The existing contact's contact_inbox in this inbox, made when it has none. */
  private async attach(
    client: ChatwootClient,
    integration: Integration,
    contact: ChatwootContact,
    sourceId: string,
  ): Promise<ChatwootResult<{ id: number; sourceId: string }>> {
    const own = contact.contact_inboxes?.find((ci) => ci.inbox?.id === integration.inboxId);
    if (own !== undefined) return { ok: true, value: { id: contact.id, sourceId: own.source_id } };
    const attached = await client.createContactInbox(contact.id, integration.inboxId, sourceId);
    if (attached.ok)
      return { ok: true, value: { id: contact.id, sourceId: attached.value.sourceId } };
    if (attached.failure.kind !== "invalid") return attached;
    // Taken meanwhile (a racing process): it is ours either way.
    return { ok: true, value: { id: contact.id, sourceId } };
  }
}
