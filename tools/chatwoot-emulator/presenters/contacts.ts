import type { EmulatorState } from "../state.js";
import type { Contact, ContactInbox } from "../types.js";
import { slimInboxJson } from "./inboxes.js";
import { iso, unix } from "./time.js";
import type { Json } from "./users.js";

/** `{source_id, inbox}` as the `_contact_inbox` partial renders it. */
export function contactInboxJson(state: EmulatorState, ci: ContactInbox): Json {
  const inbox = state.inboxes.get(ci.inboxId);
  return { source_id: ci.sourceId, inbox: inbox ? slimInboxJson(inbox) : null };
}

/**
 * The `api/v1/models/_contact` partial used by every /contacts endpoint. The view
 * renders `last_activity_at` only `if resource[:last_activity_at].present?`, so a
 * contact that never wrote has no such key (NOTES' example shows null; the code omits it).
 */
export function contactJson(state: EmulatorState, contact: Contact, withInboxes = true): Json {
  const json: Json = {
    additional_attributes: contact.additionalAttributes,
    availability_status: "offline",
    email: contact.email,
    id: contact.id,
    name: contact.name,
    phone_number: contact.phoneNumber,
    blocked: contact.blocked,
    identifier: contact.identifier,
    thumbnail: "",
    custom_attributes: contact.customAttributes,
  };
  if (contact.lastActivityAt !== null) json.last_activity_at = unix(contact.lastActivityAt);
  json.created_at = unix(contact.createdAt);
  if (withInboxes) {
    json.contact_inboxes = state
      .contactInboxesOf(contact.id)
      .filter((ci) => state.inboxes.has(ci.inboxId))
      .map((ci) => contactInboxJson(state, ci));
  }
  return json;
}

/** `Contact#push_event_data`: message senders and conversation meta.sender. */
export function contactPushData(contact: Contact): Json {
  return {
    additional_attributes: contact.additionalAttributes,
    custom_attributes: contact.customAttributes,
    email: contact.email,
    id: contact.id,
    identifier: contact.identifier,
    name: contact.name,
    phone_number: contact.phoneNumber,
    thumbnail: "",
    blocked: contact.blocked,
    type: "contact",
  };
}

/** `Contact#webhook_data` (current builds; older ones sent `{id,name,avatar,type}`). */
export function contactWebhookData(state: EmulatorState, contact: Contact): Json {
  const account = state.accounts.get(contact.accountId);
  return {
    account: account ? { id: account.id, name: account.name } : null,
    additional_attributes: contact.additionalAttributes,
    avatar: "",
    custom_attributes: contact.customAttributes,
    email: contact.email,
    id: contact.id,
    identifier: contact.identifier,
    name: contact.name,
    phone_number: contact.phoneNumber,
    thumbnail: "",
    blocked: contact.blocked,
  };
}

/** The contact_inbox record serialised whole, as in conversation push data. */
export function contactInboxRecordJson(ci: ContactInbox): Json {
  return {
    id: ci.id,
    contact_id: ci.contactId,
    inbox_id: ci.inboxId,
    source_id: ci.sourceId,
    created_at: iso(ci.createdAt),
    updated_at: iso(ci.updatedAt),
    hmac_verified: ci.hmacVerified,
    pubsub_token: ci.pubsubToken,
  };
}
