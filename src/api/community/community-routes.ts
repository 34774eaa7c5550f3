/** HTTP routes of the community module (ryzeapi-more.md 4; decisions in docs/groups.md). */
import { badRequest } from "../../platform/errors.js";
import type { HttpServer } from "../../platform/http/server.js";
import { literalBody } from "../../platform/http/required-fields.js";
import { instanceOf } from "../instances/instance-guard.js";
import type { InstanceAccess } from "../instances/access.js";
import { instanceParams } from "../instances/instance-schemas.js";
import {
  COMMUNITY_JID_QUERY_REQUIRED,
  createBody,
  createReply,
  linkBody,
  linkReply,
  subGroupsQuery,
  subGroupsReply,
} from "./community-schemas.js";
import type { CommunityService } from "./community-service.js";

const tags = ["community"];
const bodyRoute = { ...literalBody, connectionBound: true };

export function registerCommunityRoutes(
  app: HttpServer,
  service: CommunityService,
  access: InstanceAccess,
): void {
  app.post(
    "/api/community/create/:instance",
    {
      config: bodyRoute,
      schema: {
        tags,
        summary: "Create a community (a parent group with its Announcements group)",
        params: instanceParams,
        body: createBody,
        response: { 201: createReply },
      },
    },
    async (request, reply) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const made = await service.create(instance, request.body);
      const total = made.linked.length + made.failed.length;
      const message = made.isCommunity
        ? total === 0
          ? "Community created successfully"
          : `Community created successfully; linked ${made.linked.length} of ${total} groups`
        : "WhatsApp did not allow a community for this account; an ordinary group was created instead";
      return reply.code(201).send({
        success: true,
        message,
        isCommunity: made.isCommunity,
        community: {
          jid: made.jid,
          name: made.name,
          description: made.description,
          announcementsJid: made.announcementsJid,
        },
        linked: made.linked,
        failed: made.failed,
      });
    },
  );

  for (const [verb, preposition] of [
    ["link", "to"],
    ["unlink", "from"],
  ] as const) {
    app.post(
      `/api/community/${verb}/:instance`,
      {
        config: bodyRoute,
        schema: {
          tags,
          summary: `${verb === "link" ? "Link" : "Unlink"} groups ${preposition} a community, one at a time`,
          params: instanceParams,
          body: linkBody,
          response: { 200: linkReply },
        },
      },
      async (request) => {
        const instance = await instanceOf(request, access, request.params.instance);
        const { communityJid, groupJid } = request.body;
        const outcome =
          verb === "link"
            ? await service.link(instance, communityJid, groupJid)
            : await service.unlink(instance, communityJid, groupJid);
        const done = verb === "link" ? "Linked" : "Unlinked";
        return {
          success: outcome.linked.length > 0,
          message: `${done} ${outcome.linked.length} of ${groupJid.length} groups ${preposition} community`,
          linked: outcome.linked,
          failed: outcome.failed,
        };
      },
    );
  }

  app.get(
    "/api/community/listSubGroups/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "The community's subgroups this account is in",
        params: instanceParams,
        querystring: subGroupsQuery,
        response: { 200: subGroupsReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const raw = request.query.communityJid?.trim() ?? "";
      if (raw === "") throw badRequest(COMMUNITY_JID_QUERY_REQUIRED);
      const found = await service.subGroups(instance, raw);
      return {
        success: true as const,
        message: `${found.subgroups.length} subgroup(s) found`,
        communityJid: found.jid,
        subgroups: found.subgroups,
      };
    },
  );
}
