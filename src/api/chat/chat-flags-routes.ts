/** HTTP routes of per-chat flags and actions (ryzeapi-more.md 2.8–2.13, 2.18). */
import type { HttpServer } from "../../platform/http/server.js";
import { literalBody } from "../../platform/http/required-fields.js";
import { instanceOf } from "../instances/instance-guard.js";
import type { InstanceAccess } from "../instances/access.js";
import { instanceParams } from "../instances/instance-schemas.js";
import {
  archiveBody,
  blockBody,
  deleteChatBody,
  favoriteBody,
  muteBody,
  okReply,
  pinBody,
  presenceBody,
} from "./chat-manage-schemas.js";
import type { ChatFlagsService } from "./chat-flags-service.js";

const tags = ["chat"];
const response = { 200: okReply };
const ok = true as const;

const opts = <B>(summary: string, body: B) => ({
  config: { ...literalBody, connectionBound: true },
  schema: { tags, summary, params: instanceParams, body, response },
});

export function registerChatFlagRoutes(
  app: HttpServer,
  service: ChatFlagsService,
  access: InstanceAccess,
): void {
  app.post(
    "/api/chat/archive/:instance",
    opts("Archive or unarchive a chat", archiveBody),
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const archived = request.body.archive === true;
      const chatJid = await service.archive(instance, request.body.number, archived);
      const message = archived ? "Chat archived successfully" : "Chat unarchived successfully";
      return { success: ok, message, chat_jid: chatJid, archived };
    },
  );

  app.post(
    "/api/chat/pin/:instance",
    opts("Pin or unpin a chat (at most 3)", pinBody),
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const pinned = request.body.pin === true;
      const chatJid = await service.pin(instance, request.body.number, pinned);
      const message = pinned ? "Chat pinned successfully" : "Chat unpinned successfully";
      return { success: ok, message, chat_jid: chatJid, pinned };
    },
  );

  app.post(
    "/api/chat/favorite/:instance",
    opts("Favourite a chat or star a message", favoriteBody),
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const favorite = request.body.favorite === true;
      const done = await service.favorite(instance, request.body);
      const what = done.type === "message" ? "Message" : "Chat";
      return {
        success: ok,
        message: favorite ? `${what} added to favorites` : `${what} removed from favorites`,
        type: done.type,
        ...(done.messageId === undefined ? {} : { message_id: done.messageId }),
        chat_jid: done.chatJid,
        favorite,
      };
    },
  );

  app.post("/api/chat/mute/:instance", opts("Mute or unmute a chat", muteBody), async (request) => {
    const instance = await instanceOf(request, access, request.params.instance);
    const done = await service.mute(instance, request.body);
    const message = !done.muted
      ? "Chat notifications unmuted successfully"
      : done.seconds === 0
        ? "Chat muted permanently"
        : done.seconds === 8 * 3600
          ? "Chat muted for 8 hours"
          : "Chat muted for 1 week";
    return {
      success: ok,
      message,
      chat_jid: done.chatJid,
      muted: done.muted,
      duration: done.seconds,
    };
  });
  registerContactActions(app, service, access);
}

function registerContactActions(
  app: HttpServer,
  service: ChatFlagsService,
  access: InstanceAccess,
): void {
  app.post(
    "/api/chat/block/:instance",
    opts("Block or unblock a contact", blockBody),
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const blocked = request.body.block === true;
      const done = await service.block(instance, request.body.number, blocked);
      return {
        success: ok,
        message: blocked ? "Contact blocked successfully" : "Contact unblocked successfully",
        contact_jid: done.jid,
        blocked_count: done.count,
        blocked,
      };
    },
  );

  app.post(
    "/api/chat/presence/:instance",
    opts("Show typing or recording in a chat (duration ≤ 60 s)", presenceBody),
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const done = await service.presence(instance, request.body);
      return {
        success: ok,
        message: "Presence sent successfully",
        chat_jid: done.chatJid,
        state: done.state,
        ...(done.duration === null ? {} : { duration: done.duration }),
      };
    },
  );

  app.delete(
    "/api/chat/deleteChat/:instance",
    opts("Delete a chat on this account", deleteChatBody),
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const deleteMedia = request.body.deleteMedia === true;
      const chatJid = await service.deleteChat(instance, request.body.number, deleteMedia);
      return {
        success: ok,
        message: deleteMedia
          ? "Chat deleted successfully (including media)"
          : "Chat deleted successfully",
        chat_jid: chatJid,
        delete_media: deleteMedia,
      };
    },
  );
}
