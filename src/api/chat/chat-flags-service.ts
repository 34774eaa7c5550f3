/**
 * Per-chat flags and actions (ryzeapi-more.md 2.8–2.13, 2.18): archive, pin, favourite,
 * mute, block, presence and delete. Chats are named by number or JID; bare numbers are
 * resolved as sends resolve them (both Brazilian forms).
 */
import { badRequest, notFound } from "../../platform/errors.js";
import type { LastMessage } from "../../providers/provider-chats.js";
import type { Presence } from "../../providers/provider.js";
import type { ConnectionManager } from "../connections/connection-manager.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import { providerCall, requireConnection } from "../messages/connection-guard.js";
import { resolveRecipient } from "../messages/recipients.js";
import { keyOf, type StoredMessages } from "../messages/stored-messages.js";
import type { FavoriteBody, MuteBody, PresenceBody } from "./chat-manage-schemas.js";
import type { ChatHistoryStore } from "./history-store.js";

export const EITHER_REQUIRED = "Either number or messageId is required";
export const STATE_REQUIRED = "State is required. Use 'typing', 'recording', or 'pause'";
export const INVALID_STATE = "Invalid state. Use 'typing', 'recording', or 'pause'";
const MAX_PRESENCE_SECONDS = 60;

const STATES: Record<string, Presence> = {
  typing: "composing",
  recording: "recording",
  pause: "paused",
  paused: "paused",
};

/** Mute durations the docs name, in seconds; 0 never expires. */
export function muteSeconds(duration: string | undefined): number {
  const text = (duration ?? "").trim().toLowerCase();
  if (["", "always", "forever", "permanent"].includes(text)) return 0;
  if (["8h", "8 hours"].includes(text)) return 8 * 3600;
  if (["1w", "7d", "1 week"].includes(text)) return 7 * 24 * 3600;
  throw badRequest(`Invalid duration: ${duration ?? ""} (use 8h, 1w or always)`);
}

export class ChatFlagsService {
  constructor(
    private readonly connections: ConnectionManager,
    private readonly messages: StoredMessages,
    private readonly history: ChatHistoryStore,
  ) {}

  async archive(instance: InstanceRecord, number: string, archive: boolean): Promise<string> {
    const { connection, jid } = await this.chat(instance, number);
    const last = await this.lastMessage(instance, jid);
    await providerCall("archive chat", () => connection.chats.archiveChat(jid, archive, last));
    return jid;
  }

  async pin(instance: InstanceRecord, number: string, pin: boolean): Promise<string> {
    const { connection, jid } = await this.chat(instance, number);
    await providerCall("pin chat", () => connection.chats.pinChat(jid, pin));
    return jid;
  }

  async favorite(
    instance: InstanceRecord,
    body: FavoriteBody,
  ): Promise<{ type: "chat" | "message"; messageId?: string; chatJid: string }> {
    const favorite = body.favorite === true;
    const messageId = body.messageId ?? "";
    if (messageId !== "") {
      const connection = requireConnection(this.connections, instance);
      const stored = await this.messages.find(instance.id, messageId);
      if (stored === undefined) throw notFound("Message not found");
      const key = keyOf(stored.message);
      await providerCall("favorite message", () => connection.chats.starMessage(key, favorite));
      return { type: "message", messageId, chatJid: key.chatJid };
    }
    if ((body.number ?? "") === "") throw badRequest(EITHER_REQUIRED);
    const { connection, jid } = await this.chat(instance, body.number ?? "");
    await providerCall("favorite chat", () => connection.chats.favoriteChat(jid, favorite));
    return { type: "chat", chatJid: jid };
  }

  async mute(
    instance: InstanceRecord,
    body: MuteBody,
  ): Promise<{ chatJid: string; muted: boolean; seconds: number }> {
    const muted = body.mute === true;
    const seconds = muted ? muteSeconds(body.duration) : 0;
    const { connection, jid } = await this.chat(instance, body.number);
    const until = !muted ? null : seconds === 0 ? 0 : Date.now() + seconds * 1000;
    await providerCall("mute chat", () => connection.chats.muteChat(jid, until));
    return { chatJid: jid, muted, seconds };
  }

  async block(
    instance: InstanceRecord,
    number: string,
    block: boolean,
  ): Promise<{ jid: string; count: number }> {
    const { connection, jid } = await this.chat(instance, number);
    const count = await providerCall("block contact", () =>
      connection.chats.blockContact(jid, block),
    );
    return { jid, count };
  }

  /** Shows typing/recording; with `duration`, sends `paused` by itself afterwards. */
  async presence(
    instance: InstanceRecord,
    body: PresenceBody,
  ): Promise<{ chatJid: string; state: string; duration: number | null }> {
    const state = (body.state ?? "").trim().toLowerCase();
    if (state === "") throw badRequest(STATE_REQUIRED);
    const presence = STATES[state];
    if (presence === undefined) throw badRequest(INVALID_STATE);
    const { connection, jid } = await this.chat(instance, body.number);
    await providerCall("send presence", () => connection.sendPresence(jid, presence));
    const seconds =
      presence === "paused" || body.duration === undefined || body.duration === 0
        ? null
        : Math.min(body.duration, MAX_PRESENCE_SECONDS);
    if (seconds !== null) {
      const timer = setTimeout(() => {
        if (connection.isConnected()) connection.sendPresence(jid, "paused").catch(() => undefined);
      }, seconds * 1000);
      timer.unref();
    }
    return {
      chatJid: jid,
      state: presence === "composing" ? "typing" : state === "recording" ? "recording" : "pause",
      duration: seconds,
    };
  }

  async deleteChat(
    instance: InstanceRecord,
    number: string,
    deleteMedia: boolean,
  ): Promise<string> {
    const { connection, jid } = await this.chat(instance, number);
    const last = await this.lastMessage(instance, jid);
    await providerCall("delete chat", () => connection.chats.deleteChat(jid, last));
    if (deleteMedia) await this.history.clearMedia(instance.id, [jid]);
    return jid;
  }

  private async chat(instance: InstanceRecord, number: string) {
    const connection = requireConnection(this.connections, instance);
    return { connection, jid: await resolveRecipient(connection, number) };
  }

  private async lastMessage(instance: InstanceRecord, jid: string): Promise<LastMessage | null> {
    const [last] = await this.history.messagesOf(instance.id, [jid], { count: 1 });
    return last === undefined ? null : { ...keyOf(last), timestamp: last.timestamp };
  }
}
