import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.js";
import { ChatwootError } from "../errors.js";
import { readMultipart } from "../http/parsers.js";
import type { RegisterRoute, RouteNames } from "../http/route.js";
import { accountRoute, mergedParams } from "../http/route.js";
import { contactPushData } from "../presenters/contacts.js";
import { messageJson } from "../presenters/messages.js";
import { isoOrNull } from "../presenters/time.js";
import { agentJson } from "../presenters/users.js";
import type { UploadedFile } from "../services/attachments.js";
import { actorOf, findConversation } from "../services/conversations.js";
import {
  createMessage,
  deleteMessage,
  findMessage,
  listMessages,
  retryMessage,
  updateMessageStatus,
} from "../services/messages.js";
import type { Conversation } from "../types.js";

const MESSAGES = "/api/v1/accounts/:account_id/conversations/:conversation_id/messages";

function listMeta(ctx: EmulatorContext, c: Conversation): Record<string, unknown> {
  const contact = ctx.state.contacts.get(c.contactId);
  const assignee = c.assigneeId === null ? undefined : ctx.state.users.get(c.assigneeId);
  const meta: Record<string, unknown> = {
    labels: c.labels,
    additional_attributes: c.additionalAttributes,
    contact: contact ? contactPushData(contact) : null,
  };
  if (assignee) meta.assignee = agentJson(assignee, c.accountId);
  meta.agent_last_seen_at = isoOrNull(c.agentLastSeenAt);
  meta.assignee_last_seen_at = isoOrNull(c.assigneeLastSeenAt);
  return meta;
}

/** messages#update's `ensure_api_inbox` runs before the message is looked up. */
function ensureApiInbox(ctx: EmulatorContext, c: Conversation): void {
  if (ctx.state.inboxes.get(c.inboxId)?.channel.kind !== "api") {
    throw new ChatwootError(403, {
      error: "Message status update is only allowed for API inboxes",
    });
  }
}

export function registerMessageRoutes(
  app: FastifyInstance,
  ctx: EmulatorContext,
  names: RouteNames,
): void {
  const route = accountRoute.bind(null, app, ctx, names);
  registerCreation(route, ctx);
  registerUpdates(route, ctx);
}

function registerCreation(route: RegisterRoute, ctx: EmulatorContext): void {
  route({
    name: "messages.list",
    method: "GET",
    url: MESSAGES,
    handler: ({ caller, params }) => {
      const c = findConversation(ctx, caller, params.conversation_id);
      const payload = listMessages(ctx, c, params).map((m) => messageJson(ctx, m));
      return { body: { meta: listMeta(ctx, c), payload } };
    },
  });
  route({
    name: "messages.create",
    method: "POST",
    url: MESSAGES,
    botAllowed: true,
    handler: async ({ caller, params, raw }) => {
      const c = findConversation(ctx, caller, params.conversation_id);
      let files: UploadedFile[] = [];
      let fields = params;
      if (raw.isMultipart()) {
        const body = await readMultipart(raw, ctx.limits.maxAttachmentBytes);
        files = body.files;
        fields = { ...body.fields, ...mergedParams(raw) };
      }
      const message = createMessage(ctx, c, actorOf(caller), fields, files);
      return { body: messageJson(ctx, message) };
    },
  });
}

function registerUpdates(route: RegisterRoute, ctx: EmulatorContext): void {
  route({
    name: "messages.update",
    method: "PATCH",
    url: `${MESSAGES}/:message_id`,
    handler: ({ caller, params }) => {
      const c = findConversation(ctx, caller, params.conversation_id);
      ensureApiInbox(ctx, c);
      const message = findMessage(ctx, c, params.message_id);
      updateMessageStatus(ctx, message, params.status, params.external_error);
      return { body: messageJson(ctx, message) };
    },
  });
  route({
    name: "messages.delete",
    method: "DELETE",
    url: `${MESSAGES}/:message_id`,
    handler: ({ caller, params }) => {
      const c = findConversation(ctx, caller, params.conversation_id);
      return { body: messageJson(ctx, deleteMessage(ctx, findMessage(ctx, c, params.message_id))) };
    },
  });
  route({
    name: "messages.retry",
    method: "POST",
    url: `${MESSAGES}/:message_id/retry`,
    handler: ({ caller, params }) => {
      const c = findConversation(ctx, caller, params.conversation_id);
      return { body: messageJson(ctx, retryMessage(ctx, findMessage(ctx, c, params.message_id))) };
    },
  });
}
