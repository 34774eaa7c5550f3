import type { FastifyInstance } from "fastify";
import { requireAdmin } from "../auth.js";
import type { Caller, EmulatorContext } from "../context.js";
import type { RegisterRoute, RouteNames } from "../http/route.js";
import { accountRoute } from "../http/route.js";
import type { Params } from "../http/params.js";
import { str } from "../http/params.js";
import { contactJson } from "../presenters/contacts.js";
import { conversationJson } from "../presenters/conversations.js";
import { inboxRecordJson } from "../presenters/inboxes.js";
import type { ContactPage } from "../services/contact-query.js";
import { filterContacts, listContacts, searchContacts } from "../services/contact-query.js";
import { createContact, destroyContact, findContact, updateContact } from "../services/contacts.js";
import { visibleConversations } from "../services/conversation-query.js";
import { registerContactInboxRoutes } from "./contact-inboxes.js";

const BASE = "/api/v1/accounts/:account_id";

/** `include_contact_inboxes` defaults to true; only the string "true" keeps it on. */
const withInboxes = (p: Params): boolean => {
  const v = str(p, "include_contact_inboxes");
  return v === undefined || v === "true";
};

function pageBody(ctx: EmulatorContext, page: ContactPage, p: Params) {
  const meta: Record<string, unknown> = { count: page.count, current_page: page.currentPage };
  if (page.hasMore !== undefined) meta.has_more = page.hasMore;
  return { meta, payload: page.contacts.map((c) => contactJson(ctx.state, c, withInboxes(p))) };
}

/** The contact's conversations in inboxes the caller can see, most recent first (max 20). */
function contactConversations(ctx: EmulatorContext, caller: Caller, contactId: number) {
  return visibleConversations(ctx, caller)
    .filter((c) => c.contactId === contactId)
    .sort((a, b) => b.lastActivityAt - a.lastActivityAt)
    .slice(0, 20)
    .map((c) => conversationJson(ctx, c));
}

export function registerContactRoutes(
  app: FastifyInstance,
  ctx: EmulatorContext,
  names: RouteNames,
): void {
  const route = accountRoute.bind(null, app, ctx, names);
  registerQueries(route, ctx);
  registerRecordRoutes(route, ctx);
  registerContactInboxRoutes(route, ctx);
}

function registerQueries(route: RegisterRoute, ctx: EmulatorContext): void {
  route({
    name: "contacts.list",
    method: "GET",
    url: `${BASE}/contacts`,
    handler: ({ caller, params }) => ({
      body: pageBody(ctx, listContacts(ctx, caller.account.id, params), params),
    }),
  });
  route({
    name: "contacts.create",
    method: "POST",
    url: `${BASE}/contacts`,
    handler: ({ caller, params }) => {
      const { contact, contactInbox } = createContact(ctx, caller.account.id, params);
      const inbox = contactInbox ? ctx.state.inboxes.get(contactInbox.inboxId) : undefined;
      const payload = {
        contact: contactJson(ctx.state, contact),
        contact_inbox: {
          inbox: inbox ? inboxRecordJson(inbox) : null,
          source_id: contactInbox?.sourceId ?? null,
        },
      };
      return { body: { payload } };
    },
  });
  route({
    name: "contacts.search",
    method: "GET",
    url: `${BASE}/contacts/search`,
    handler: ({ caller, params }) => ({
      body: pageBody(ctx, searchContacts(ctx, caller.account.id, params), params),
    }),
  });
  route({
    name: "contacts.filter",
    method: "POST",
    url: `${BASE}/contacts/filter`,
    handler: ({ caller, params }) => ({
      body: pageBody(ctx, filterContacts(ctx, caller.account.id, params), params),
    }),
  });
}

function registerRecordRoutes(route: RegisterRoute, ctx: EmulatorContext): void {
  route({
    name: "contacts.show",
    method: "GET",
    url: `${BASE}/contacts/:id`,
    handler: ({ caller, params }) => {
      const contact = findContact(ctx, caller.account.id, params.id);
      return { body: { payload: contactJson(ctx.state, contact, withInboxes(params)) } };
    },
  });
  for (const method of ["PUT", "PATCH"] as const) {
    route({
      name: "contacts.update",
      method,
      url: `${BASE}/contacts/:id`,
      handler: ({ caller, params }) => {
        const contact = updateContact(ctx, findContact(ctx, caller.account.id, params.id), params);
        return { body: { payload: contactJson(ctx.state, contact, withInboxes(params)) } };
      },
    });
  }
  route({
    name: "contacts.delete",
    method: "DELETE",
    url: `${BASE}/contacts/:id`,
    handler: ({ caller, params }) => {
      requireAdmin(caller);
      destroyContact(ctx, findContact(ctx, caller.account.id, params.id));
      return { empty: true };
    },
  });
  route({
    name: "contacts.conversations",
    method: "GET",
    url: `${BASE}/contacts/:id/conversations`,
    handler: ({ caller, params }) => {
      const contact = findContact(ctx, caller.account.id, params.id);
      return { body: { payload: contactConversations(ctx, caller, contact.id) } };
    },
  });
}
