/** HTTP routes of history, poll votes, forward and edit (ryzeapi-more.md 2.14–2.17). */
import type { HttpServer } from "../../platform/http/server.js";
import { literalBody } from "../../platform/http/required-fields.js";
import type { ExchangeMessage } from "../../contracts/events.js";
import { instanceOf } from "../instances/instance-guard.js";
import type { InstanceAccess } from "../instances/access.js";
import { instanceParams } from "../instances/instance-schemas.js";
import { editBody, forwardBody, historyBody, okReply, pollQuery } from "./chat-manage-schemas.js";
import type { ChatMessagesService } from "./chat-messages-service.js";

const tags = ["chat"];
const response = { 200: okReply };
const ok = true as const;

export function registerChatMessageRoutes(
  app: HttpServer,
  service: ChatMessagesService,
  access: InstanceAccess,
): void {
  app.post(
    "/api/chat/history/:instance",
    {
      config: { ...literalBody, connectionBound: true },
      schema: {
        tags,
        summary: "A chat's stored messages, newest first",
        params: instanceParams,
        body: historyBody,
        response,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const found = await service.chatHistory(instance, request.body);
      return {
        success: ok,
        message: "Chat history retrieved successfully",
        chat_jid: found.chatJid,
        messages: found.messages.map(historyItem),
        count: found.messages.length,
        hasMore: found.messages.length === found.count,
      };
    },
  );

  app.get(
    "/api/chat/poll/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "A poll's votes (?messageId=)",
        params: instanceParams,
        querystring: pollQuery,
        response,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const data = await service.pollVotes(instance, request.query.messageId);
      return {
        success: ok,
        message: "Poll votes retrieved successfully",
        messageId: data.messageId,
        data,
      };
    },
  );

  app.post(
    "/api/chat/forward/:instance",
    {
      config: { ...literalBody, connectionBound: true },
      schema: {
        tags,
        summary: "Forward a stored message",
        params: instanceParams,
        body: forwardBody,
        response,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const { messageId, to } = request.body;
      const sent = await service.forward(instance, messageId, to);
      return {
        success: ok,
        message: "Message forwarded successfully",
        messageId: sent.messageId,
        originalId: messageId,
        destinationJid: sent.destinationJid,
      };
    },
  );

  app.post(
    "/api/chat/edit/:instance",
    {
      config: { ...literalBody, connectionBound: true },
      schema: {
        tags,
        summary: "Edit a text this instance sent (≈15 min)",
        params: instanceParams,
        body: editBody,
        response,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const { messageId, content } = request.body;
      const done = await service.edit(instance, messageId, content);
      return {
        success: ok,
        message: "Message edited successfully",
        messageId,
        chatJid: done.chatJid,
        oldContent: done.oldContent,
        newContent: content,
      };
    },
  );
}

/** A history item: the stored message, with `senderJid` in groups. */
function historyItem(message: ExchangeMessage): Record<string, unknown> {
  return {
    messageId: message.id,
    messageType: message.type,
    direction: message.direction,
    fromMe: message.fromMe,
    timestamp: message.timestamp,
    content: message.content,
    ...(message.media === undefined ? {} : { media: message.media }),
    ...(message.replyTo === undefined ? {} : { replyTo: message.replyTo }),
    ...(message.chat.type === "group" ? { senderJid: message.sender.jid } : {}),
    senderName: message.sender.name,
  };
}
