/** Deleting, reading and fetching stored messages (spec/ryzeapi.md 6.3). */
import { badRequest, notFound } from "../../platform/errors.js";
import type { ExchangeMessage, MessageExchangeData } from "../../contracts/events.js";
import { bareNumber, brazilianVariants, userJid } from "../../providers/jid.js";
import type { MessageKey } from "../../providers/provider.js";
import type { EventLogStore } from "../events/log/log-store.js";
import type { ConnectionManager } from "../connections/connection-manager.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import { providerCall, requireConnection } from "../messages/connection-guard.js";
import { keyOf, type MessageStatus, type StoredMessages } from "../messages/stored-messages.js";

export const MESSAGE_ID_REQUIRED_DELETE = "MessageID is required";
export const MESSAGE_ID_REQUIRED_GET = "Message ID is required (use ?messageId=<message-id>)";
export const MESSAGE_ID_QUERY_REQUIRED = "messageId query parameter is required";
export const INSTANCE_NAME_REQUIRED = "Instance name is required";
export const MESSAGE_NOT_FOUND = "Message not found";
export const MESSAGE_NOT_FOUND_LOWER = "message not found";
export const NO_MEDIA = "Message not found or no media available";
export const NOT_THIS_INSTANCE = "Message does not belong to this instance";

/** How far back `markChatRead` looks for unread messages. */
const CHAT_READ_WINDOW = 100;

export class ChatService {
  constructor(
    private readonly connections: ConnectionManager,
    private readonly messages: StoredMessages,
    private readonly log: EventLogStore,
  ) {}

  async delete(
    instance: InstanceRecord,
    body: {
      messageId?: string | undefined;
      deleteForEveryone?: boolean | undefined;
      source?: string | undefined;
    },
  ): Promise<{ messageId: string; deleteType: "revoke" | "delete_for_me" }> {
    const messageId = body.messageId ?? "";
    if (messageId === "") throw badRequest(MESSAGE_ID_REQUIRED_DELETE);
    const connection = requireConnection(this.connections, instance);
    const stored = await this.messages.find(instance.id, messageId);
    if (stored === undefined) throw notFound(MESSAGE_NOT_FOUND_LOWER);
    const key = keyOf(stored.message);
    if (body.deleteForEveryone === true) {
      await providerCall("delete message", () => connection.revoke(key, body.source));
      await this.connections.settled(instance.id);
      return { messageId, deleteType: "revoke" };
    }
    await providerCall("delete message", () => connection.deleteForMe(key));
    return { messageId, deleteType: "delete_for_me" };
  }

  async markRead(instance: InstanceRecord, messageIds: string[]): Promise<string[]> {
    const connection = requireConnection(this.connections, instance);
    const keys: MessageKey[] = [];
    for (const id of new Set(messageIds)) {
      const stored = await this.messages.find(instance.id, id);
      if (stored === undefined) throw notFound(MESSAGE_NOT_FOUND);
      keys.push(keyOf(stored.message));
    }
    await providerCall("mark as read", () => connection.markRead(keys));
    await this.connections.settled(instance.id);
    return keys.map((key) => key.id);
  }

  /** Marks the chat's unread incoming messages read (newest back to the last read one). */
  async markChatRead(
    instance: InstanceRecord,
    number: string,
  ): Promise<{ chat: string; messageIds: string[] }> {
    const connection = requireConnection(this.connections, instance);
    const digits = bareNumber(number);
    const candidates = digits === undefined ? [number] : brazilianVariants(digits).map(userJid);
    for (const chat of candidates) {
      const incoming = await this.log.incomingOfChat(instance.id, chat, CHAT_READ_WINDOW);
      if (incoming.length === 0) continue;
      const unread: ExchangeMessage[] = [];
      for (const event of incoming) {
        const message = (event.data as MessageExchangeData).message;
        if ((await this.messages.status(instance.id, message)).code >= 4) break;
        unread.push(message);
      }
      if (unread.length > 0) {
        await providerCall("mark as read", () => connection.markRead(unread.map(keyOf)));
        await this.connections.settled(instance.id);
      }
      return { chat, messageIds: unread.map((message) => message.id) };
    }
    return { chat: candidates[0] ?? number, messageIds: [] };
  }

  async getMessage(
    instance: InstanceRecord,
    messageId: string | undefined,
  ): Promise<
    ExchangeMessage & {
      status: string;
      statusCode: number;
      revoked: boolean;
      editedText: string | null;
    }
  > {
    if (messageId === undefined || messageId.trim() === "")
      throw badRequest(MESSAGE_ID_REQUIRED_GET);
    requireConnection(this.connections, instance);
    const stored = await this.messages.find(instance.id, messageId.trim());
    if (stored === undefined) throw notFound(MESSAGE_NOT_FOUND);
    const [status, history] = await Promise.all([
      this.messages.status(instance.id, stored.message),
      this.messages.history(instance.id, stored.message.id),
    ]);
    return { ...stored.message, status: status.status, statusCode: status.code, ...history };
  }

  async status(
    instance: InstanceRecord,
    messageId: string | undefined,
  ): Promise<{ message: ExchangeMessage; status: MessageStatus }> {
    if (messageId === undefined || messageId.trim() === "")
      throw badRequest(MESSAGE_ID_QUERY_REQUIRED);
    const id = messageId.trim();
    const stored = await this.messages.find(instance.id, id);
    if (stored === undefined) {
      const elsewhere = await this.messages.belongsElsewhere(instance.accountId, instance.id, id);
      throw notFound(elsewhere ? NOT_THIS_INSTANCE : MESSAGE_NOT_FOUND);
    }
    return {
      message: stored.message,
      status: await this.messages.status(instance.id, stored.message),
    };
  }

  async base64(
    instance: InstanceRecord,
    messageId: string | undefined,
  ): Promise<{ messageId: string; mimeType: string; mediaType: string; base64: string }> {
    if (messageId === undefined || messageId.trim() === "")
      throw badRequest(MESSAGE_ID_QUERY_REQUIRED);
    requireConnection(this.connections, instance);
    const stored = await this.messages.find(instance.id, messageId.trim(), true);
    const media = stored?.message.media;
    if (stored?.mediaBase64 === undefined || media === undefined) throw notFound(NO_MEDIA);
    return {
      messageId: stored.message.id,
      mimeType: media.mimetype,
      mediaType: media.type,
      base64: stored.mediaBase64,
    };
  }
}
