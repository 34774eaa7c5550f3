import { canSeeInbox } from "../auth.js";
import type { EmulatorContext } from "../context.js";
import { ChatwootError } from "../errors.js";
import type { RegisterRoute } from "../http/route.js";
import { presentStr } from "../http/params.js";
import { contactJson, contactInboxJson } from "../presenters/contacts.js";
import { inboxJson } from "../presenters/inboxes.js";
import {
  buildContactInbox,
  contactSnapshot,
  findContact,
  recordContactChange,
} from "../services/contacts.js";
import { uuid } from "../state.js";
import type { Contact } from "../types.js";
import { fetchInbox } from "./inboxes.js";

const BASE = "/api/v1/accounts/:account_id";

const blank = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === "" ||
  (typeof v === "object" && Object.keys(v).length === 0);

/**
 * ContactMergeAction: the mergee's conversations, messages and contact_inboxes move to
 * the base contact, the mergee is destroyed, then the base takes the mergee's values
 * for any attribute it has blank (the base wins everywhere else, hashes deep-merged).
 */
function mergeContacts(ctx: EmulatorContext, base: Contact, mergee: Contact): Contact {
  const { state } = ctx;
  for (const c of state.conversations.values())
    if (c.contactId === mergee.id) c.contactId = base.id;
  for (const ci of state.contactInboxesOf(mergee.id)) state.reassignContactInbox(ci, base.id);
  for (const m of state.messages.values()) {
    if (m.sender?.type === "contact" && m.sender.id === mergee.id)
      m.sender = { type: "contact", id: base.id };
  }
  state.removeContact(mergee);
  const before = contactSnapshot(base);
  if (blank(base.name)) base.name = mergee.name;
  if (blank(base.email)) base.email = mergee.email;
  if (blank(base.phoneNumber)) base.phoneNumber = mergee.phoneNumber;
  if (blank(base.identifier)) base.identifier = mergee.identifier;
  base.additionalAttributes = { ...mergee.additionalAttributes, ...base.additionalAttributes };
  base.customAttributes = { ...mergee.customAttributes, ...base.customAttributes };
  recordContactChange(ctx, base, before);
  return base;
}

export function registerContactInboxRoutes(route: RegisterRoute, ctx: EmulatorContext): void {
  route({
    name: "contact_inboxes.create",
    method: "POST",
    url: `${BASE}/contacts/:id/contact_inboxes`,
    handler: ({ caller, params }) => {
      const contact = findContact(ctx, caller.account.id, params.id);
      const inbox = fetchInbox(ctx, caller, params.inbox_id);
      const ci = buildContactInbox(ctx, contact, inbox, presentStr(params, "source_id"));
      return { body: contactInboxJson(ctx.state, ci) };
    },
  });
  route({
    name: "contacts.contactable_inboxes",
    method: "GET",
    url: `${BASE}/contacts/:id/contactable_inboxes`,
    handler: ({ caller, params }) => {
      const contact = findContact(ctx, caller.account.id, params.id);
      const own = ctx.state.contactInboxesOf(contact.id);
      const payload = ctx.state
        .accountInboxes(caller.account.id)
        .filter((inbox) => canSeeInbox(caller, inbox))
        .map((inbox) => ({
          source_id: own.find((ci) => ci.inboxId === inbox.id)?.sourceId ?? uuid(),
          inbox: inboxJson(inbox, false, false),
        }));
      return { body: { payload } };
    },
  });
  route({
    name: "contacts.merge",
    method: "POST",
    url: `${BASE}/actions/contact_merge`,
    handler: ({ caller, params }) => {
      const base = findContact(ctx, caller.account.id, params.base_contact_id);
      const mergee = findContact(ctx, caller.account.id, params.mergee_contact_id);
      if (base.id === mergee.id) {
        throw new ChatwootError(422, { error: "Base and mergee contacts must be different" });
      }
      return { body: contactJson(ctx.state, mergeContacts(ctx, base, mergee)) };
    },
  });
}
