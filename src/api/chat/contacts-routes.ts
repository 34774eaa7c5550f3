/** HTTP routes of contacts and labels (ryzeapi-more.md 2.1–2.7). */
import type { HttpServer } from "../../platform/http/server.js";
import { literalBody } from "../../platform/http/required-fields.js";
import { instanceOf } from "../instances/instance-guard.js";
import type { InstanceAccess } from "../instances/access.js";
import { instanceParams } from "../instances/instance-schemas.js";
import {
  assignTagBody,
  okReply,
  contactsByLabelQuery,
  contactsQuery,
  tagCreateBody,
  tagQuery,
  unassignTagQuery,
} from "./chat-manage-schemas.js";

import type { ContactsService } from "./contacts-service.js";

const tags = ["chat"];
const response = { 200: okReply };

export function registerContactsRoutes(
  app: HttpServer,
  service: ContactsService,
  access: InstanceAccess,
): void {
  app.get(
    "/api/chat/contacts/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "The phone's contacts, or one (?number=)",
        params: instanceParams,
        querystring: contactsQuery,
        response,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const number = request.query.number?.trim();
      if (number !== undefined && number !== "") {
        const contact = await service.contact(instance, number);
        return { success: true as const, message: "Contact retrieved successfully", contact };
      }
      const contacts = await service.contacts(instance);
      return {
        success: true as const,
        message: "Contacts retrieved successfully",
        contacts,
        total: contacts.length,
      };
    },
  );

  app.get(
    "/api/chat/contactsByLabel/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "Chats with labels (?labelIds=1,2&labelNames=VIP&refresh=true)",
        params: instanceParams,
        querystring: contactsByLabelQuery,
        response,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const list = (value: string | undefined) =>
        (value ?? "")
          .split(",")
          .map((part) => part.trim())
          .filter((part) => part !== "");
      const found = await service.contactsByLabel(instance, {
        labelIds: list(request.query.labelIds),
        labelNames: list(request.query.labelNames),
        refresh: request.query.refresh === "true",
      });
      return {
        success: true as const,
        message: `${found.chats.length} chats found`,
        chats: found.chats,
        total_chats: found.chats.length,
        total_rows: found.rows,
        refreshed: found.refreshed,
        filter_label_ids: found.labelIds,
      };
    },
  );
  registerTagRoutes(app, service, access);
}

function registerTagRoutes(
  app: HttpServer,
  service: ContactsService,
  access: InstanceAccess,
): void {
  const path = "/api/chat/tag/:instance";
  app.get(
    path,
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "List labels",
        params: instanceParams,
        querystring: tagQuery,
        response,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const list = await service.tags(instance);
      return {
        success: true as const,
        message: "Tags retrieved successfully",
        tags: list,
        total: list.length,
      };
    },
  );
  app.post(
    path,
    {
      config: { ...literalBody, connectionBound: true },
      schema: {
        tags,
        summary: "Create a label",
        params: instanceParams,
        body: tagCreateBody,
        response,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const tag = await service.createTag(instance, request.body.name, request.body.color);
      return { success: true as const, message: "Tag created successfully", tag };
    },
  );
  app.delete(
    path,
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "Delete a label (?tagId=)",
        params: instanceParams,
        querystring: tagQuery,
        response,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const tag = await service.deleteTag(instance, request.query.tagId);
      return { success: true as const, message: "Tag deleted successfully", tag };
    },
  );
  const assign = "/api/chat/assignTag/:instance";
  app.post(
    assign,
    {
      config: { ...literalBody, connectionBound: true },
      schema: {
        tags,
        summary: "Put a label on a chat",
        params: instanceParams,
        body: assignTagBody,
        response,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const { number, tagId } = request.body;
      const chatJid = await service.assignTag(instance, number, tagId, true);
      return {
        success: true as const,
        message: "Tag assigned successfully",
        tag_id: tagId,
        chat_jid: chatJid,
      };
    },
  );
  app.delete(
    assign,
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "Take a label off a chat (?number=&tagId=)",
        params: instanceParams,
        querystring: unassignTagQuery,
        response,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const { number, tagId } = request.query;
      const chatJid = await service.assignTag(instance, number, tagId, false);
      return {
        success: true as const,
        message: "Tag removed successfully",
        tag_id: tagId,
        chat_jid: chatJid,
      };
    },
  );
}
