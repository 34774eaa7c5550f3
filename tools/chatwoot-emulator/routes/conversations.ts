import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.js";
import { internalError } from "../errors.js";
import type { RegisterRoute, RouteNames } from "../http/route.js";
import { accountRoute } from "../http/route.js";
import { isRecord, present } from "../http/params.js";
import { conversationJson } from "../presenters/conversations.js";
import { agentJson } from "../presenters/users.js";
import type { ConversationPage } from "../services/conversation-query.js";
import { filterConversations, listConversations } from "../services/conversation-query.js";
import { changeConversation } from "../services/conversation-changes.js";
import {
  actorOf,
  createConversation,
  findConversation,
  toggleStatus,
} from "../services/conversations.js";
import { createMessage } from "../services/messages.js";
import type { Priority } from "../types.js";

const BASE = "/api/v1/accounts/:account_id";
const CONVERSATION = `${BASE}/conversations/:conversation_id`;
const PRIORITIES: Priority[] = ["low", "medium", "high", "urgent"];

/** `self.priority = priority.presence`: blank clears it, an unknown value is a 500. */
function parsePriority(value: unknown): Priority | null {
  if (!present(value) || value === "none") return null;
  const priority = PRIORITIES.find((p) => p === value);
  if (!priority) throw internalError();
  return priority;
}

export function registerConversationRoutes(
  app: FastifyInstance,
  ctx: EmulatorContext,
  names: RouteNames,
): void {
  const route = accountRoute.bind(null, app, ctx, names);
  registerReads(route, ctx);
  registerWrites(route, ctx);
  registerAttributes(route, ctx);
}

function registerReads(route: RegisterRoute, ctx: EmulatorContext): void {
  const pageBody = (page: ConversationPage) => ({
    data: { meta: page.counts, payload: page.conversations.map((c) => conversationJson(ctx, c)) },
  });
  route({
    name: "conversations.list",
    method: "GET",
    url: `${BASE}/conversations`,
    handler: ({ caller, params }) => ({ body: pageBody(listConversations(ctx, caller, params)) }),
  });
  route({
    name: "conversations.meta",
    method: "GET",
    url: `${BASE}/conversations/meta`,
    handler: ({ caller, params }) => ({
      body: { meta: listConversations(ctx, caller, params).counts },
    }),
  });
  route({
    name: "conversations.filter",
    method: "POST",
    url: `${BASE}/conversations/filter`,
    handler: ({ caller, params }) => ({ body: pageBody(filterConversations(ctx, caller, params)) }),
  });
  route({
    name: "conversations.show",
    method: "GET",
    url: CONVERSATION,
    handler: ({ caller, params }) => ({
      body: conversationJson(ctx, findConversation(ctx, caller, params.conversation_id)),
    }),
  });
}

function registerWrites(route: RegisterRoute, ctx: EmulatorContext): void {
  route({
    name: "conversations.create",
    method: "POST",
    url: `${BASE}/conversations`,
    botAllowed: true,
    handler: ({ caller, params }) => {
      const conversation = createConversation(ctx, caller, params);
      const message = params.message;
      if (isRecord(message) && present(message)) {
        createMessage(ctx, conversation, actorOf(caller), {
          content: message.content,
          template_params: message.template_params,
        });
      }
      return { body: conversationJson(ctx, conversation) };
    },
  });
  route({
    name: "conversations.update",
    method: "PATCH",
    url: CONVERSATION,
    botAllowed: true,
    handler: ({ caller, params }) => {
      const c = findConversation(ctx, caller, params.conversation_id);
      if ("priority" in params)
        changeConversation(ctx, c, { priority: parsePriority(params.priority) }, actorOf(caller));
      return { body: conversationJson(ctx, c) };
    },
  });
  route({
    name: "conversations.toggle_status",
    method: "POST",
    url: `${CONVERSATION}/toggle_status`,
    botAllowed: true,
    handler: ({ caller, params }) => {
      const c = findConversation(ctx, caller, params.conversation_id);
      const { success, conversation } = toggleStatus(ctx, caller, c, params);
      const snoozed =
        conversation.snoozedUntil === null
          ? null
          : new Date(conversation.snoozedUntil).toISOString();
      const payload = {
        success,
        conversation_id: conversation.displayId,
        current_status: conversation.status,
        snoozed_until: snoozed,
      };
      return { body: { meta: {}, payload } };
    },
  });
}

function registerAttributes(route: RegisterRoute, ctx: EmulatorContext): void {
  route({
    name: "conversations.toggle_priority",
    method: "POST",
    url: `${CONVERSATION}/toggle_priority`,
    botAllowed: true,
    handler: ({ caller, params }) => {
      const c = findConversation(ctx, caller, params.conversation_id);
      changeConversation(ctx, c, { priority: parsePriority(params.priority) }, actorOf(caller));
      return { empty: true };
    },
  });
  route({
    name: "conversations.custom_attributes",
    method: "POST",
    url: `${CONVERSATION}/custom_attributes`,
    botAllowed: true,
    handler: ({ caller, params }) => {
      const c = findConversation(ctx, caller, params.conversation_id);
      const attrs = isRecord(params.custom_attributes) ? params.custom_attributes : {};
      changeConversation(ctx, c, { customAttributes: attrs }, actorOf(caller));
      return { body: { custom_attributes: c.customAttributes } };
    },
  });
  route({
    name: "conversations.assignments",
    method: "POST",
    url: `${CONVERSATION}/assignments`,
    botAllowed: true,
    handler: ({ caller, params }) => {
      const c = findConversation(ctx, caller, params.conversation_id);
      const user = ctx.state.users.get(Number(params.assignee_id));
      const assignee = user?.roles.has(caller.account.id) ? user : undefined;
      changeConversation(ctx, c, { assigneeId: assignee?.id ?? null }, actorOf(caller));
      return { body: assignee ? agentJson(assignee, caller.account.id) : null };
    },
  });
  route({
    name: "conversations.labels.list",
    method: "GET",
    url: `${CONVERSATION}/labels`,
    handler: ({ caller, params }) => ({
      body: { payload: findConversation(ctx, caller, params.conversation_id).labels },
    }),
  });
  route({
    name: "conversations.labels.create",
    method: "POST",
    url: `${CONVERSATION}/labels`,
    handler: ({ caller, params }) => {
      const c = findConversation(ctx, caller, params.conversation_id);
      const labels = Array.isArray(params.labels) ? [...new Set(params.labels.map(String))] : [];
      changeConversation(ctx, c, { labels }, actorOf(caller));
      return { body: { payload: c.labels } };
    },
  });
}
