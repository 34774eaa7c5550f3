/** HTTP routes of the message module (spec/ryzeapi.md 6, Decision 13). */
import type { HttpServer } from "../../platform/http/server.js";
import { instanceOf } from "../instances/instance-guard.js";
import type { InstanceAccess } from "../instances/access.js";
import { instanceParams } from "../instances/instance-schemas.js";
import { mediaBody, reactionBody, sendReply, textBody } from "./message-schemas.js";
import type { MessageService } from "./message-service.js";

const tags = ["message"];

export function registerMessageRoutes(
  app: HttpServer,
  service: MessageService,
  access: InstanceAccess,
): void {
  const response = { 200: sendReply };

  app.post(
    "/api/message/text/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "Send a text message",
        params: instanceParams,
        body: textBody,
        response,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const outcome = await service.sendText(instance, request.body);
      return sentAnswer(outcome);
    },
  );

  app.post(
    "/api/message/media/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "Send an image, video, document or audio (URL or base64)",
        params: instanceParams,
        body: mediaBody,
        response,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const outcome = await service.sendMedia(instance, request.body);
      return sentAnswer(outcome);
    },
  );

  registerReaction(app, service, access);
}

function registerReaction(app: HttpServer, service: MessageService, access: InstanceAccess): void {
  const response = { 200: sendReply };
  app.post(
    "/api/message/reaction/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: 'React to a message ("remove" clears the reaction)',
        params: instanceParams,
        body: reactionBody,
        response,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const outcome = await service.sendReaction(instance, request.body);
      return sentAnswer(outcome);
    },
  );
}

/** The documented send answer: `{success, message, status: "sent", data: {messageId, …}}`. */
export function sentAnswer<T extends { data: Record<string, unknown> }>(outcome: T) {
  return {
    success: true as const,
    status: "sent" as const,
    ...outcome,
    data: {
      ...outcome.data,
      messageId: String(outcome.data.messageId),
      direction: "outgoing" as const,
    },
  };
}
