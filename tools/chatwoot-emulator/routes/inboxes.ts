import type { FastifyInstance } from "fastify";
import { canSeeInbox, isAdmin, requireAdmin, requireInboxAccess } from "../auth.js";
import type { Caller, EmulatorContext } from "../context.js";
import { notFound } from "../errors.js";
import type { RegisterRoute, RouteNames } from "../http/route.js";
import { accountRoute } from "../http/route.js";
import type { Params } from "../http/params.js";
import { present } from "../http/params.js";
import { inboxJson } from "../presenters/inboxes.js";
import { agentJson } from "../presenters/users.js";
import { createInbox, destroyInbox, resetSecret, updateInbox } from "../services/inboxes.js";
import type { Inbox } from "../types.js";

const BASE = "/api/v1/accounts/:account_id";
export const INBOX_DELETION_MESSAGE = "Your inbox deletion request will be processed in some time.";

/** `Current.account.inboxes.find(id)` (404) then `authorize @inbox, :show?` (401). */
export function fetchInbox(ctx: EmulatorContext, caller: Caller, id: unknown): Inbox {
  const inbox = ctx.state.inboxes.get(Number(id));
  if (!inbox || inbox.accountId !== caller.account.id) throw notFound();
  requireInboxAccess(caller, inbox);
  return inbox;
}

function addMembers(ctx: EmulatorContext, caller: Caller, p: Params): Inbox {
  requireAdmin(caller);
  const inbox = fetchInbox(ctx, caller, p.inbox_id);
  const ids = Array.isArray(p.user_ids) ? p.user_ids.map(Number) : [];
  for (const id of ids) {
    if (ctx.state.users.get(id)?.roles.has(caller.account.id)) inbox.memberIds.add(id);
  }
  return inbox;
}

function members(ctx: EmulatorContext, inbox: Inbox): unknown[] {
  return [...inbox.memberIds].flatMap((id) => {
    const user = ctx.state.users.get(id);
    return user ? [agentJson(user, inbox.accountId)] : [];
  });
}

export function registerInboxRoutes(
  app: FastifyInstance,
  ctx: EmulatorContext,
  names: RouteNames,
): void {
  const route = accountRoute.bind(null, app, ctx, names);
  registerReads(route, ctx);
  registerWrites(route, ctx);
  registerAdministration(route, ctx);
}

function registerReads(route: RegisterRoute, ctx: EmulatorContext): void {
  const json = (caller: Caller, inbox: Inbox) => inboxJson(inbox, isAdmin(caller), ctx.signing());
  route({
    name: "inboxes.list",
    method: "GET",
    url: `${BASE}/inboxes`,
    handler: ({ caller }) => {
      const visible = ctx.state
        .accountInboxes(caller.account.id)
        .filter((i) => canSeeInbox(caller, i));
      return { body: { payload: visible.map((i) => json(caller, i)) } };
    },
  });
  route({
    name: "inboxes.show",
    method: "GET",
    url: `${BASE}/inboxes/:id`,
    handler: ({ caller, params }) => ({ body: json(caller, fetchInbox(ctx, caller, params.id)) }),
  });
}

function registerWrites(route: RegisterRoute, ctx: EmulatorContext): void {
  const json = (caller: Caller, inbox: Inbox) => inboxJson(inbox, isAdmin(caller), ctx.signing());
  route({
    name: "inboxes.create",
    method: "POST",
    url: `${BASE}/inboxes`,
    handler: ({ caller, params }) => {
      requireAdmin(caller);
      return { body: json(caller, createInbox(ctx, caller.account.id, params)) };
    },
  });
  route({
    name: "inboxes.update",
    method: "PATCH",
    url: `${BASE}/inboxes/:id`,
    handler: ({ caller, params }) => {
      const inbox = fetchInbox(ctx, caller, params.id);
      requireAdmin(caller);
      return { body: json(caller, updateInbox(ctx, inbox, params)) };
    },
  });
  route({
    name: "inboxes.delete",
    method: "DELETE",
    url: `${BASE}/inboxes/:id`,
    handler: ({ caller, params }) => {
      const inbox = fetchInbox(ctx, caller, params.id);
      requireAdmin(caller);
      setTimeout(() => {
        destroyInbox(ctx, inbox.id);
      }, ctx.limits.inboxDeletionDelayMs).unref();
      return { body: { message: INBOX_DELETION_MESSAGE } };
    },
  });
}

function registerAdministration(route: RegisterRoute, ctx: EmulatorContext): void {
  const json = (caller: Caller, inbox: Inbox) => inboxJson(inbox, isAdmin(caller), ctx.signing());
  route({
    name: "inboxes.reset_secret",
    method: "POST",
    url: `${BASE}/inboxes/:id/reset_secret`,
    handler: ({ caller, params }) => {
      const inbox = fetchInbox(ctx, caller, params.id);
      requireAdmin(caller);
      return { body: json(caller, resetSecret(inbox)) };
    },
  });
  route({
    name: "inboxes.set_agent_bot",
    method: "POST",
    url: `${BASE}/inboxes/:id/set_agent_bot`,
    handler: ({ caller, params }) => {
      const inbox = fetchInbox(ctx, caller, params.id);
      requireAdmin(caller);
      const bot = present(params.agent_bot)
        ? ctx.state.bots.get(Number(params.agent_bot))
        : undefined;
      if (present(params.agent_bot) && !bot) throw notFound();
      inbox.agentBotId = bot?.id ?? null;
      return { empty: true };
    },
  });
  route({
    name: "inbox_members.create",
    method: "POST",
    url: `${BASE}/inbox_members`,
    handler: ({ caller, params }) => ({
      body: { payload: members(ctx, addMembers(ctx, caller, params)) },
    }),
  });
  route({
    name: "inbox_members.show",
    method: "GET",
    url: `${BASE}/inbox_members/:inbox_id`,
    handler: ({ caller, params }) => ({
      body: { payload: members(ctx, fetchInbox(ctx, caller, params.inbox_id)) },
    }),
  });
}
