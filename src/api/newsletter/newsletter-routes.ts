/** HTTP routes of the newsletter (channel) module (ryzeapi-more.md 5; docs/groups.md). */
import type { HttpServer } from "../../platform/http/server.js";
import { literalBody } from "../../platform/http/required-fields.js";
import { instanceOf } from "../instances/instance-guard.js";
import type { InstanceAccess } from "../instances/access.js";
import { instanceParams } from "../instances/instance-schemas.js";
import { identifierOf } from "../groups/group-routes.js";
import {
  channelJidReply,
  channelReply,
  createBody,
  identifierQuery,
  joinBody,
  listReply,
  tokenQuery,
} from "./newsletter-schemas.js";
import { channelOf, type NewsletterService } from "./newsletter-service.js";

const tags = ["newsletter"];
const ok = true as const;

export function registerNewsletterRoutes(
  app: HttpServer,
  service: NewsletterService,
  access: InstanceAccess,
): void {
  app.post(
    "/api/newsletter/create/:instance",
    {
      config: { ...literalBody, connectionBound: true },
      schema: {
        tags,
        summary: "Create a channel; this account becomes its owner",
        params: instanceParams,
        body: createBody,
        response: { 201: channelReply },
      },
    },
    async (request, reply) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const { name, description } = request.body;
      const created = await service.create(instance, name, description ?? "");
      return reply.code(201).send({
        success: ok,
        message: "Newsletter created successfully",
        channel: channelOf(created),
      });
    },
  );

  app.get(
    "/api/newsletter/list/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "The channels this account follows or owns",
        params: instanceParams,
        querystring: tokenQuery,
        response: { 200: listReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const found = await service.list(instance);
      return {
        success: ok,
        message: `${found.length} newsletters found`,
        channels: found.map(channelOf),
        meta: { total: found.length },
      };
    },
  );

  app.get(
    "/api/newsletter/info/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "A channel by JID, id or link (following it is not needed)",
        params: instanceParams,
        querystring: identifierQuery,
        response: { 200: channelReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const found = await service.info(instance, identifierOf(request.query));
      return { success: ok, message: "Newsletter info retrieved", channel: channelOf(found) };
    },
  );

  app.post(
    "/api/newsletter/join/:instance",
    {
      config: { ...literalBody, connectionBound: true },
      schema: {
        tags,
        summary: "Follow a channel",
        params: instanceParams,
        body: joinBody,
        response: { 200: channelJidReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const channelJid = await service.join(instance, request.body.identifier);
      return { success: ok, message: "Successfully joined newsletter", channelJid };
    },
  );

  app.delete(
    "/api/newsletter/leave/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "Unfollow a channel (an owner's channel stays)",
        params: instanceParams,
        querystring: identifierQuery,
        response: { 200: channelJidReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const channelJid = await service.leave(instance, identifierOf(request.query));
      return { success: ok, message: "Successfully left newsletter", channelJid };
    },
  );
}
