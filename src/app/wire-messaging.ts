/** Wires the message, chat, profile and sandbox-phone endpoints (part of the events module). */
import { ChatService } from "../api/chat/chat-service.js";
import { registerChatRoutes } from "../api/chat/chat-routes.js";
import { ChatFlagsService } from "../api/chat/chat-flags-service.js";
import { registerChatFlagRoutes } from "../api/chat/chat-flags-routes.js";
import { ChatMessagesService } from "../api/chat/chat-messages-service.js";
import { registerChatMessageRoutes } from "../api/chat/chat-messages-routes.js";
import { ContactsService } from "../api/chat/contacts-service.js";
import { registerContactsRoutes } from "../api/chat/contacts-routes.js";
import { ChatHistoryStore } from "../api/chat/history-store.js";
import type { EventLogStore } from "../api/events/log/log-store.js";
import { MessageService } from "../api/messages/message-service.js";
import { registerMessageRoutes } from "../api/messages/message-routes.js";
import { MediaKindService } from "../api/messages/media-kinds-service.js";
import { RichMessageService } from "../api/messages/rich-service.js";
import { registerRichMessageRoutes } from "../api/messages/rich-routes.js";
import { StoredMessages } from "../api/messages/stored-messages.js";
import { SandboxService } from "../api/sandbox/sandbox-service.js";
import { registerSandboxRoutes } from "../api/sandbox/sandbox-routes.js";
import type { ApiParts } from "./api-parts.js";
import { ProfileService } from "../api/profile/profile-service.js";
import { registerProfileRoutes } from "../api/profile/profile-routes.js";
import { wireGroups } from "./wire-groups.js";

/** How long a media URL download may take. */
const MEDIA_DOWNLOAD_TIMEOUT_MS = 30_000;

export function wireMessaging(parts: ApiParts, log: EventLogStore): void {
  const { app, access, connections, config } = parts;
  const messages = new StoredMessages(log);
  const limits = {
    maxBytes: config.bodyLimitBytes,
    downloadTimeoutMs: MEDIA_DOWNLOAD_TIMEOUT_MS,
    outbound: parts.outbound,
  };
  const sends = new MessageService(connections, messages, limits);
  registerMessageRoutes(app, sends, access);
  registerRichMessageRoutes(
    app,
    new RichMessageService(connections, sends, limits),
    new MediaKindService(connections, sends, limits),
    access,
  );
  registerChatRoutes(app, new ChatService(connections, messages, log), access);
  const history = new ChatHistoryStore(parts.database.db);
  registerContactsRoutes(app, new ContactsService(connections), access);
  registerChatFlagRoutes(app, new ChatFlagsService(connections, messages, history), access);
  registerChatMessageRoutes(
    app,
    new ChatMessagesService(connections, messages, log, history),
    access,
  );
  registerProfileRoutes(app, new ProfileService(connections, limits), access);
  registerSandboxRoutes(app, new SandboxService(parts.sandbox, connections, messages), access);
  wireGroups(parts, limits);
}
