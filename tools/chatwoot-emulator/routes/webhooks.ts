import type { FastifyInstance } from "fastify";
import { authenticateUser, requireAdmin } from "../auth.js";
import type { EmulatorContext } from "../context.js";
import { notFound } from "../errors.js";
import type { RouteNames } from "../http/route.js";
import { accountRoute, plainRoute } from "../http/route.js";
import { profileJson } from "../presenters/users.js";
import {
  createWebhook,
  findWebhook,
  updateWebhook,
  webhookJson,
} from "../services/account-webhooks.js";

const BASE = "/api/v1/accounts/:account_id";

/** Account webhooks (admin only, WebhookPolicy). */
export function registerWebhookRoutes(
  app: FastifyInstance,
  ctx: EmulatorContext,
  names: RouteNames,
): void {
  const route = accountRoute.bind(null, app, ctx, names);
  const json = (hook: Parameters<typeof webhookJson>[0]) => webhookJson(hook, ctx.signing());
  route({
    name: "webhooks.list",
    method: "GET",
    url: `${BASE}/webhooks`,
    handler: ({ caller }) => {
      requireAdmin(caller);
      const webhooks = ctx.state.accountWebhooks(caller.account.id).map(json);
      return { body: { payload: { webhooks } } };
    },
  });
  route({
    name: "webhooks.create",
    method: "POST",
    url: `${BASE}/webhooks`,
    handler: ({ caller, params }) => {
      requireAdmin(caller);
      return {
        body: { payload: { webhook: json(createWebhook(ctx, caller.account.id, params)) } },
      };
    },
  });
  route({
    name: "webhooks.update",
    method: "PATCH",
    url: `${BASE}/webhooks/:webhook_id`,
    handler: ({ caller, params }) => {
      requireAdmin(caller);
      const hook = findWebhook(ctx, caller.account.id, params.webhook_id);
      return { body: { payload: { webhook: json(updateWebhook(ctx, hook, params)) } } };
    },
  });
  route({
    name: "webhooks.delete",
    method: "DELETE",
    url: `${BASE}/webhooks/:webhook_id`,
    handler: ({ caller, params }) => {
      requireAdmin(caller);
      ctx.state.webhooks.delete(findWebhook(ctx, caller.account.id, params.webhook_id).id);
      return { empty: true };
    },
  });
}

/** `GET /api/v1/profile` and the ActiveStorage URLs attachments point at. */
export function registerProfileAndStorageRoutes(
  app: FastifyInstance,
  ctx: EmulatorContext,
  names: RouteNames,
): void {
  plainRoute(app, names, {
    name: "profile.show",
    method: "GET",
    url: "/api/v1/profile",
    handler: (request) => {
      const user = authenticateUser(ctx.state, request.headers);
      const accounts = [...user.roles.keys()].flatMap((id) => {
        const account = ctx.state.accounts.get(id);
        return account ? [account] : [];
      });
      return profileJson(user, accounts);
    },
  });
  for (const kind of ["blobs", "representations"]) {
    plainRoute(app, names, {
      name: `storage.${kind}.redirect`,
      method: "GET",
      url: `/rails/active_storage/${kind}/redirect/:key/:filename`,
      handler: async (request, reply) => {
        const { key, filename } = request.params as { key: string; filename: string };
        if (!ctx.state.attachmentByKey(key)) throw notFound();
        await reply.redirect(
          `/rails/active_storage/disk/${key}/${encodeURIComponent(filename)}`,
          302,
        );
      },
    });
  }
  plainRoute(app, names, {
    name: "storage.disk",
    method: "GET",
    url: "/rails/active_storage/disk/:key/:filename",
    handler: async (request, reply) => {
      const { key } = request.params as { key: string };
      const attachment = ctx.state.attachmentByKey(key);
      if (!attachment) throw notFound();
      await reply
        .header("content-type", attachment.contentType)
        .header("content-disposition", `inline; filename="${attachment.fileName}"`)
        .send(attachment.data);
    },
  });
}
