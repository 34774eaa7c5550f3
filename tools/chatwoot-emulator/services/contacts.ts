import type { ChangedAttributes, EmulatorContext } from "../context.js";
import { ChatwootError, internalError, notFound, recordInvalid } from "../errors.js";
import type { Params } from "../http/params.js";
import { castBool, isRecord, presentStr, str } from "../http/params.js";
import { secureToken, uuid } from "../state.js";
import type { Contact, ContactInbox, Inbox } from "../types.js";
import { validateContact } from "./contact-validation.js";

/** The duplicate (inbox, source_id) answer; see README "known deviations". */
export const sourceIdNotUnique = () =>
  new ChatwootError(422, { error: "source_id should be unique" });

function assignPermitted(contact: Contact, p: Params): void {
  if ("name" in p) contact.name = str(p, "name") ?? "";
  if ("email" in p) contact.email = str(p, "email")?.toLowerCase() ?? null;
  if ("phone_number" in p) contact.phoneNumber = str(p, "phone_number") ?? null;
  if ("identifier" in p) contact.identifier = str(p, "identifier") ?? null;
  const blocked = castBool(p.blocked);
  if (blocked !== null) contact.blocked = blocked;
}

export function findContact(ctx: EmulatorContext, accountId: number, id: unknown): Contact {
  const contact = ctx.state.contacts.get(Number(id));
  if (!contact || contact.accountId !== accountId) throw notFound();
  return contact;
}

/**
 * `ContactInboxBuilder`: reuse the (contact, inbox, source_id) row, generate a UUID for
 * API/web-widget inboxes when no source_id is given, and refuse a source_id that
 * another contact already holds in that inbox (RecordNotUnique).
 */
export function buildContactInbox(
  ctx: EmulatorContext,
  contact: Contact,
  inbox: Inbox,
  sourceId: string | undefined,
): ContactInbox {
  const source = sourceId ?? uuid();
  const existing = ctx.state.findContactInbox(inbox.id, source);
  if (existing && existing.contactId === contact.id) return existing;
  if (existing) throw sourceIdNotUnique();
  const now = ctx.now();
  const ci: ContactInbox = {
    id: ctx.state.nextId("contact_inboxes"),
    contactId: contact.id,
    inboxId: inbox.id,
    sourceId: source,
    hmacVerified: false,
    pubsubToken: secureToken(),
    createdAt: now,
    updatedAt: now,
  };
  ctx.state.addContactInbox(ci);
  return ci;
}

export interface CreatedContact {
  contact: Contact;
  contactInbox: ContactInbox | null;
}

/**
 * contacts#create runs in a transaction: an unknown inbox_id (404) or a clashing
 * source_id (an unhandled RecordNotUnique → 500) leaves no contact behind.
 */
export function createContact(ctx: EmulatorContext, accountId: number, p: Params): CreatedContact {
  const now = ctx.now();
  const contact: Contact = {
    id: 0,
    accountId,
    name: "",
    email: null,
    phoneNumber: null,
    identifier: null,
    blocked: false,
    additionalAttributes: isRecord(p.additional_attributes) ? p.additional_attributes : {},
    customAttributes: isRecord(p.custom_attributes) ? p.custom_attributes : {},
    lastActivityAt: null,
    createdAt: now,
    updatedAt: now,
  };
  assignPermitted(contact, p);
  const errors = validateContact(ctx.state, contact);
  if (errors.length > 0) throw recordInvalid(errors);
  const inboxId = presentStr(p, "inbox_id");
  const inbox = inboxId === undefined ? undefined : ctx.state.inboxes.get(Number(inboxId));
  if (inboxId !== undefined && (!inbox || inbox.accountId !== accountId)) throw notFound();
  const sourceId = presentStr(p, "source_id");
  if (inbox && sourceId !== undefined && ctx.state.findContactInbox(inbox.id, sourceId)) {
    throw internalError();
  }
  contact.id = ctx.state.nextId("contacts");
  ctx.state.addContact(contact);
  const contactInbox = inbox ? buildContactInbox(ctx, contact, inbox, sourceId) : null;
  ctx.events.emit({ name: "contact_created", contactId: contact.id });
  return { contact, contactInbox };
}

export function contactSnapshot(contact: Contact): Record<string, unknown> {
  return structuredClone({
    name: contact.name,
    email: contact.email,
    phone_number: contact.phoneNumber,
    identifier: contact.identifier,
    blocked: contact.blocked,
    additional_attributes: contact.additionalAttributes,
    custom_attributes: contact.customAttributes,
  });
}

/** contacts#update: plain columns replaced, the two attribute hashes MERGED. */
export function updateContact(ctx: EmulatorContext, contact: Contact, p: Params): Contact {
  const before = contactSnapshot(contact);
  const draft: Contact = structuredClone(contact);
  assignPermitted(draft, p);
  if (isRecord(p.custom_attributes)) {
    draft.customAttributes = { ...draft.customAttributes, ...p.custom_attributes };
  }
  if (isRecord(p.additional_attributes)) {
    draft.additionalAttributes = { ...draft.additionalAttributes, ...p.additional_attributes };
  }
  const errors = validateContact(ctx.state, draft);
  if (errors.length > 0) throw recordInvalid(errors);
  Object.assign(contact, draft);
  recordContactChange(ctx, contact, before);
  return contact;
}

/** Emits contact_updated with Rails-style changed_attributes when something changed. */
export function recordContactChange(
  ctx: EmulatorContext,
  contact: Contact,
  before: Record<string, unknown>,
): void {
  const after = contactSnapshot(contact);
  const changed: ChangedAttributes = [];
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(value) !== JSON.stringify(before[key])) {
      changed.push({ [key]: { previous_value: before[key], current_value: value } });
    }
  }
  if (changed.length === 0) return;
  const previous = contact.updatedAt;
  contact.updatedAt = ctx.now();
  changed.push({
    updated_at: {
      previous_value: new Date(previous).toISOString(),
      current_value: new Date(contact.updatedAt).toISOString(),
    },
  });
  ctx.events.emit({ name: "contact_updated", contactId: contact.id, changed });
}

/** `dependent: :destroy` of a contact: its contact_inboxes, conversations and messages. */
export function destroyContact(ctx: EmulatorContext, contact: Contact): void {
  const { state } = ctx;
  for (const c of [...state.conversations.values()]) {
    if (c.contactId === contact.id) state.removeConversation(c);
  }
  state.removeContact(contact);
}

/** `Message#update_contact_activity`: a contact-sent message bumps last_activity_at. */
export function touchContactActivity(ctx: EmulatorContext, contact: Contact): void {
  const previous = contact.lastActivityAt;
  const previousUpdate = contact.updatedAt;
  const now = ctx.now();
  contact.lastActivityAt = now;
  contact.updatedAt = now;
  const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  ctx.events.emit({
    name: "contact_updated",
    contactId: contact.id,
    changed: [
      { last_activity_at: { previous_value: isoOrNull(previous), current_value: isoOrNull(now) } },
      { updated_at: { previous_value: isoOrNull(previousUpdate), current_value: isoOrNull(now) } },
    ],
  });
}
