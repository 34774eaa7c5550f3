/** HTTP routes of the group module (ryzeapi-more.md 3; decisions in docs/groups.md). */
import { badRequest } from "../../platform/errors.js";
import type { HttpServer } from "../../platform/http/server.js";
import { literalBody } from "../../platform/http/required-fields.js";
import type { ParticipantAction } from "../../providers/provider-groups.js";
import { instanceOf } from "../instances/instance-guard.js";
import type { InstanceAccess } from "../instances/access.js";
import { instanceParams } from "../instances/instance-schemas.js";
import {
  IDENTIFIER_REQUIRED,
  createBody,
  detailReply,
  groupReply,
  identifierBody,
  identifierQuery,
  infoQuery,
  joinReply,
  leaveReply,
  listQuery,
  listReply,
  participantsBody,
  participantsReply,
  requestsReply,
  resetLinkReply,
  updateBody,
  updateReply,
} from "./group-schemas.js";
import type { GroupService } from "./group-service.js";
import { groupDetailOf, groupInfoOf, inviteLinkOf } from "./group-view.js";
import type { MembershipService } from "./membership-service.js";

const tags = ["group"];
const ok = true as const;
const bodyRoute = { ...literalBody, connectionBound: true };
const queryRoute = { connectionBound: true };

const PAST: Record<ParticipantAction, string> = {
  add: "added",
  remove: "removed",
  promote: "promoted",
  demote: "demoted",
  approve: "approved",
  reject: "rejected",
};

/** The query's identifier, or the documented 400. */
export function identifierOf(query: { identifier?: string | undefined }): string {
  const identifier = query.identifier?.trim() ?? "";
  if (identifier === "") throw badRequest(IDENTIFIER_REQUIRED);
  return identifier;
}

export function registerGroupRoutes(
  app: HttpServer,
  groups: GroupService,
  membership: MembershipService,
  access: InstanceAccess,
): void {
  registerGroupReads(app, groups, access);
  registerMembershipRoutes(app, membership, access);

  app.post(
    "/api/group/create/:instance",
    {
      config: bodyRoute,
      schema: {
        tags,
        summary: "Create a group; description, picture, settings and community are applied after",
        params: instanceParams,
        body: createBody,
        response: { 201: groupReply },
      },
    },
    async (request, reply) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const created = await groups.create(instance, request.body);
      const message =
        created.linkError === null
          ? "Group created successfully"
          : `Group created successfully; linking it to the community failed: ${created.linkError}`;
      return reply.code(201).send({
        success: ok,
        message,
        group: groupInfoOf(created.group, { inviteCode: created.inviteCode, participants: true }),
      });
    },
  );

  app.put(
    "/api/group/update/:instance",
    {
      config: bodyRoute,
      schema: {
        tags,
        summary: "Change a group's name, description, picture or settings (only what differs)",
        params: instanceParams,
        body: updateBody,
        response: { 200: updateReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const updated = await groups.update(instance, request.body);
      const fields = updated.updatedFields;
      return {
        success: ok,
        message:
          fields.length === 0
            ? "Group already up to date"
            : `Group updated successfully: ${fields.join(", ")}`,
        group: groupInfoOf(updated.group, { inviteCode: updated.inviteCode, participants: true }),
        updatedFields: fields,
      };
    },
  );
}

function registerGroupReads(app: HttpServer, groups: GroupService, access: InstanceAccess): void {
  app.get(
    "/api/group/list/:instance",
    {
      config: queryRoute,
      schema: {
        tags,
        summary: "The groups this account is in (?participants=false leaves members out)",
        params: instanceParams,
        querystring: listQuery,
        response: { 200: listReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const found = await groups.list(instance);
      const participants = request.query.participants !== "false";
      return {
        success: ok,
        message: `${found.length} groups found`,
        groups: found.map((group) =>
          groupInfoOf(group, { inviteCode: group.inviteCode, participants }),
        ),
        meta: { total: found.length },
      };
    },
  );

  app.get(
    "/api/group/info/:instance",
    {
      config: queryRoute,
      schema: {
        tags,
        summary: "A group by JID, invite code or link (a link also previews groups not joined)",
        params: instanceParams,
        querystring: infoQuery,
        response: { 200: detailReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const found = await groups.info(instance, identifierOf(request.query));
      const participants = request.query.participants !== "false";
      return {
        success: ok,
        message: "Group info retrieved successfully",
        group: groupDetailOf(
          found.group,
          { inviteCode: found.inviteCode, participants },
          found.image,
        ),
      };
    },
  );
}

function registerMembershipRoutes(
  app: HttpServer,
  membership: MembershipService,
  access: InstanceAccess,
): void {
  app.post(
    "/api/group/participants/:instance",
    {
      config: bodyRoute,
      schema: {
        tags,
        summary: "Add, remove, promote, demote members; approve or reject requests to join",
        params: instanceParams,
        body: participantsBody,
        response: { 200: participantsReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const { identifier, action, participants } = request.body;
      const done = await membership.participants(instance, identifier, action, participants);
      const succeeded = done.results.filter((result) => result.success).length;
      return {
        success: ok,
        message: `${succeeded} of ${done.results.length} participants ${PAST[action]}`,
        groupJid: done.groupJid,
        action,
        participants: done.results,
      };
    },
  );

  app.post(
    "/api/group/join/:instance",
    {
      config: bodyRoute,
      schema: {
        tags,
        summary: "Join a group by invite code or link",
        params: instanceParams,
        body: identifierBody,
        response: { 200: joinReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const joined = await membership.join(instance, request.body.identifier);
      return {
        success: ok,
        message: joined.requiresApproval
          ? "Successfully joined the group; waiting for an admin's approval"
          : "Successfully joined the group",
        groupJid: joined.groupJid,
        requiresApproval: joined.requiresApproval,
      };
    },
  );

  app.post(
    "/api/group/resetLink/:instance",
    {
      config: bodyRoute,
      schema: {
        tags,
        summary: "Revoke the invite link and issue a new one (admins)",
        params: instanceParams,
        body: identifierBody,
        response: { 200: resetLinkReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const reset = await membership.resetLink(instance, request.body.identifier);
      return {
        success: ok,
        message: "Group invite link reset successfully",
        groupJid: reset.groupJid,
        inviteCode: reset.inviteCode,
        inviteLink: inviteLinkOf(reset.inviteCode),
      };
    },
  );

  app.get(
    "/api/group/requests/:instance",
    {
      config: queryRoute,
      schema: {
        tags,
        summary: "Pending requests to join (admins; groups that require approval)",
        params: instanceParams,
        querystring: identifierQuery,
        response: { 200: requestsReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const found = await membership.requests(instance, identifierOf(request.query));
      return {
        success: ok,
        message: `${found.requests.length} pending requests found`,
        groupJid: found.groupJid,
        requests: found.requests,
        meta: { total: found.requests.length },
      };
    },
  );

  app.delete(
    "/api/group/leave/:instance",
    {
      config: queryRoute,
      schema: {
        tags,
        summary: "Leave a group (a community's parent: its subgroups too)",
        params: instanceParams,
        querystring: identifierQuery,
        response: { 200: leaveReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const groupJid = await membership.leave(instance, identifierOf(request.query));
      return { success: ok, message: "Successfully left the group", groupJid };
    },
  );
}
