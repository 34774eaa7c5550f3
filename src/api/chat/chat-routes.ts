/** HTTP routes of the chat module (spec/ryzeapi.md 6.3). */
import { badRequest, unauthorized } from "../../platform/errors.js";
import type { HttpServer } from "../../platform/http/server.js";
import { instanceOf } from "../instances/instance-guard.js";
import { INVALID_TOKEN, MISSING_TOKEN } from "../auth/auth-service.js";
import type { InstanceAccess } from "../instances/access.js";
import { instanceParams } from "../instances/instance-schemas.js";
import { deleteBody, markChatReadBody, markReadBody, messageIdQuery } from "./chat-schemas.js";
import { INSTANCE_NAME_REQUIRED, type ChatService } from "./chat-service.js";

const tags = ["chat"];

export function registerChatRoutes(
  app: HttpServer,
  service: ChatService,
  access: InstanceAccess,
): void {
  registerChatActions(app, service, access);
  registerChatReads(app, service, access);
  registerMediaReads(app, service, access);
}

/** Delete and read marks. */
function registerChatActions(app: HttpServer, service: ChatService, access: InstanceAccess): void {
  app.delete(
    "/api/chat/delete/:instance",
    {
      config: { invalidBody: () => "Invalid request body", connectionBound: true },
      schema: {
        tags,
        summary: "Delete a message (for everyone: a revoke)",
        params: instanceParams,
        body: deleteBody,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const { messageId, deleteType } = await service.delete(instance, request.body);
      return {
        success: true,
        message: "Message deleted successfully",
        data: { messageId, delete_type: deleteType },
      };
    },
  );

  app.post(
    "/api/chat/markRead/:instance",
    {
      config: { connectionBound: true },
      schema: { tags, summary: "Mark messages read", params: instanceParams, body: markReadBody },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const ids = request.body.messageId;
      const messageIds = await service.markRead(instance, Array.isArray(ids) ? ids : [ids]);
      return { success: true, message: "Messages marked as read", data: { messageIds } };
    },
  );

  app.post(
    "/api/chat/markChatRead/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "Mark a whole chat read",
        params: instanceParams,
        body: markChatReadBody,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const data = await service.markChatRead(instance, request.body.number);
      return { success: true, message: "Chat marked as read", data };
    },
  );
}

/** Reads of stored messages. */
function registerChatReads(app: HttpServer, service: ChatService, access: InstanceAccess): void {
  app.get(
    "/api/chat/getMessage/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "Fetch a stored message",
        params: instanceParams,
        querystring: messageIdQuery,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const data = await service.getMessage(instance, request.query.messageId);
      return { success: true, message: "Message retrieved successfully", data };
    },
  );

  app.get(
    "/api/chat/status/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "A message's delivery status",
        params: instanceParams,
        querystring: messageIdQuery,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const { message, status } = await service.status(instance, request.query.messageId);
      return {
        success: true,
        message: "Message status retrieved successfully",
        message_id: message.id,
        status: status.status,
        status_code: status.code,
        direction: message.fromMe ? "sent" : "received",
        timestamp: status.timestamp,
      };
    },
  );
}

/** Stored media; without the instance segment the answer is a 400, after authentication. */
function registerMediaReads(app: HttpServer, service: ChatService, access: InstanceAccess): void {
  app.get(
    "/api/chat/base64/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "A stored message's media, base64",
        params: instanceParams,
        querystring: messageIdQuery,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const media = await service.base64(instance, request.query.messageId);
      return {
        success: true,
        message: "Base64 retrieved successfully",
        message_id: media.messageId,
        mime_type: media.mimeType,
        media_type: media.mediaType,
        base64: media.base64,
      };
    },
  );

  for (const path of ["/api/chat/base64", "/api/chat/status"]) {
    app.get(path, { schema: { tags, hide: true } }, (request) => {
      if (request.principal === undefined) {
        throw unauthorized(request.tokenPresented ? INVALID_TOKEN : MISSING_TOKEN);
      }
      throw badRequest(INSTANCE_NAME_REQUIRED);
    });
  }
}
