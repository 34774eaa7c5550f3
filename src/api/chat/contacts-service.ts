/**
 * The phone's contacts and labels (ryzeapi-more.md 2.1–2.7): read from what WhatsApp
 * synced to this connection, changed through it.
 */
import { badRequest, notFound } from "../../platform/errors.js";
import { bareNumber, brazilianVariants, phoneOf, userJid } from "../../providers/jid.js";
import type { ChatLabel, ContactEntry } from "../../providers/provider-chats.js";
import type { ConnectionManager } from "../connections/connection-manager.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import { providerCall, requireConnection } from "../messages/connection-guard.js";
import { resolveRecipient } from "../messages/recipients.js";

export const TAG_NOT_FOUND = "Tag not found";
export const TAG_ID_QUERY_REQUIRED = "tagId query parameter is required";
export const NUMBER_QUERY_REQUIRED = "number query parameter is required";

export interface ContactItem {
  jid: string;
  lid?: string;
  first_name: string;
  full_name: string;
  push_name: string;
  business_name: string;
  redacted_phone: string;
  found: boolean;
}

export interface TagItem {
  id: string;
  name: string;
  color: number;
  type: string;
  deleted: boolean;
}

export interface LabelledChatItem {
  chat_jid: string;
  labels: TagItem[];
}

export class ContactsService {
  constructor(private readonly connections: ConnectionManager) {}

  async contacts(instance: InstanceRecord): Promise<ContactItem[]> {
    const connection = requireConnection(this.connections, instance);
    const entries = await providerCall("get contacts", () => connection.chats.contacts());
    return entries.map((entry) => contactItem(entry, true));
  }

  /** One contact; a number not in the address book is `found: false`. */
  async contact(instance: InstanceRecord, number: string): Promise<ContactItem> {
    const entries = await this.contacts(instance);
    const wanted = candidates(number);
    const hit = entries.find(
      (e) => wanted.includes(e.jid) || (e.lid !== undefined && wanted.includes(e.lid)),
    );
    if (hit !== undefined) return hit;
    const jid = wanted[0] ?? number;
    return contactItem(
      { jid, lid: null, firstName: "", fullName: "", pushName: "", businessName: "" },
      false,
    );
  }

  async contactsByLabel(
    instance: InstanceRecord,
    filter: { labelIds: string[]; labelNames: string[]; refresh: boolean },
  ): Promise<{ chats: LabelledChatItem[]; refreshed: boolean; labelIds: string[]; rows: number }> {
    // Only a refresh needs WhatsApp; otherwise what was synced is read, connected or not.
    const connection = filter.refresh
      ? requireConnection(this.connections, instance)
      : this.connections.held(instance.id);
    if (connection === undefined) return { chats: [], refreshed: false, labelIds: [], rows: 0 };
    if (filter.refresh)
      await providerCall("refresh labels", () => connection.chats.refreshLabels());
    const labels = new Map(
      (await connection.chats.labels()).filter((l) => !l.deleted).map((l) => [l.id, l]),
    );
    const names = filter.labelNames.map((name) => name.toLowerCase());
    const byName = [...labels.values()]
      .filter((l) => names.includes(l.name.toLowerCase()))
      .map((l) => l.id);
    const wanted = [...new Set([...filter.labelIds, ...byName])];
    const filtering = filter.labelIds.length > 0 || filter.labelNames.length > 0;
    const chats: LabelledChatItem[] = [];
    let rows = 0;
    for (const chat of await connection.chats.labelledChats()) {
      const ids = chat.labelIds.filter(
        (id) => labels.has(id) && (!filtering || wanted.includes(id)),
      );
      if (ids.length === 0) continue;
      rows += ids.length;
      chats.push({
        chat_jid: chat.chatJid,
        labels: ids.map((id) => tagItem(labels.get(id) as ChatLabel)),
      });
    }
    return {
      chats,
      refreshed: filter.refresh,
      labelIds: filtering ? wanted : [...labels.keys()],
      rows,
    };
  }

  async tags(instance: InstanceRecord): Promise<TagItem[]> {
    const connection = requireConnection(this.connections, instance);
    const labels = await providerCall("get tags", () => connection.chats.labels());
    return labels.map(tagItem);
  }

  async createTag(instance: InstanceRecord, name: string, color: unknown): Promise<TagItem> {
    const connection = requireConnection(this.connections, instance);
    const palette =
      typeof color === "number" && Number.isInteger(color) && color >= 0 && color <= 10 ? color : 0;
    const label = await providerCall("create tag", () =>
      connection.chats.createLabel(name, palette),
    );
    return tagItem(label);
  }

  async deleteTag(instance: InstanceRecord, tagId: string | undefined): Promise<TagItem> {
    const id = requireQuery(tagId, TAG_ID_QUERY_REQUIRED);
    const connection = requireConnection(this.connections, instance);
    const deleted = await providerCall("delete tag", () => connection.chats.deleteLabel(id));
    if (deleted === undefined) throw notFound(TAG_NOT_FOUND);
    return { ...tagItem(deleted), type: "" };
  }

  /** Puts a tag on a chat (`on`) or takes it off; answers the chat's JID. */
  async assignTag(
    instance: InstanceRecord,
    number: string | undefined,
    tagId: string | undefined,
    on: boolean,
  ): Promise<string> {
    const chat = requireQuery(number, NUMBER_QUERY_REQUIRED);
    const id = requireQuery(tagId, TAG_ID_QUERY_REQUIRED);
    const connection = requireConnection(this.connections, instance);
    const labels = await providerCall("get tags", () => connection.chats.labels());
    if (!labels.some((label) => label.id === id && !label.deleted)) throw notFound(TAG_NOT_FOUND);
    const jid = await resolveRecipient(connection, chat);
    await providerCall(on ? "assign tag" : "remove tag", () =>
      connection.chats.labelChat(jid, id, on),
    );
    return jid;
  }
}

function requireQuery(value: string | undefined, message: string): string {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") throw badRequest(message);
  return trimmed;
}

/** The JIDs a number or JID may be stored under (both Brazilian forms). */
function candidates(number: string): string[] {
  const digits = bareNumber(number) ?? phoneOf(number);
  if (digits === null) return [number.trim()];
  return brazilianVariants(digits).map(userJid);
}

export function tagItem(label: ChatLabel): TagItem {
  return {
    id: label.id,
    name: label.name,
    color: label.color,
    type: "CUSTOM",
    deleted: label.deleted,
  };
}

function contactItem(entry: ContactEntry, found: boolean): ContactItem {
  const phone = phoneOf(entry.jid);
  return {
    jid: entry.jid,
    ...(entry.lid === null ? {} : { lid: entry.lid }),
    first_name: entry.firstName,
    full_name: entry.fullName,
    push_name: entry.pushName,
    business_name: entry.businessName,
    redacted_phone: phone === null ? "" : redact(phone),
    found,
  };
}

/** `+5511*****7777`: the first four and the last four digits. */
function redact(phone: string): string {
  if (phone.length < 8) return `+${phone}`;
  return `+${phone.slice(0, 4)}${"*".repeat(phone.length - 8)}${phone.slice(-4)}`;
}
