/**
 * Chat management through Baileys. WhatsApp keeps contacts, labels and the block list on
 * the phone and syncs them to linked devices (app state); Baileys keeps no store, so
 * this one remembers what the sync delivered (`contacts.*`, `labels.*`, `blocklist.*`).
 * It lives as long as the process: after a restart it fills again as WhatsApp syncs, and
 * `refreshLabels` asks for a full resync of the collection holding labels.
 */
import { ProviderUnsupportedError, type MessageKey } from "../provider.js";
import type {
  ChatActions,
  ChatLabel,
  ContactEntry,
  LabelledChat,
  LastMessage,
} from "../provider-chats.js";
import { isLidJid, phoneOf, userJid } from "../jid.js";
import { baileysKey } from "./sends.js";
import type { BaileysSocket, EventBatch } from "./socket.js";

export class BaileysChatStore {
  readonly contacts = new Map<string, ContactEntry>();
  readonly labels = new Map<string, ChatLabel>();
  readonly chatLabels = new Map<string, Set<string>>();
  blocked = new Set<string>();

  absorb(batch: EventBatch): void {
    for (const contact of [
      ...(batch["contacts.upsert"] ?? []),
      ...(batch["contacts.update"] ?? []),
    ]) {
      if (contact.id === undefined) continue;
      const phone = phoneOf(contact.phoneNumber ?? contact.id);
      const jid = phone === null ? contact.id : userJid(phone);
      const known = this.contacts.get(jid);
      this.contacts.set(jid, {
        jid,
        lid: contact.lid ?? (isLidJid(contact.id) ? contact.id : (known?.lid ?? null)),
        firstName: known?.firstName ?? "",
        fullName: contact.name ?? known?.fullName ?? "",
        pushName: contact.notify ?? known?.pushName ?? "",
        businessName: contact.verifiedName ?? known?.businessName ?? "",
      });
    }
    const label = batch["labels.edit"];
    if (label !== undefined) {
      this.labels.set(label.id, {
        id: label.id,
        name: label.name,
        color: label.color,
        deleted: label.deleted,
      });
    }
    const association = batch["labels.association"];
    if (association !== undefined && "chatId" in association.association) {
      const { chatId, labelId } = association.association;
      const labels = this.chatLabels.get(chatId) ?? new Set<string>();
      if (association.type === "add") labels.add(labelId);
      else labels.delete(labelId);
      this.chatLabels.set(chatId, labels);
    }
    const set = batch["blocklist.set"];
    if (set !== undefined) this.blocked = new Set(set.blocklist);
    const update = batch["blocklist.update"];
    for (const jid of update?.blocklist ?? []) {
      if (update?.type === "add") this.blocked.add(jid);
      else this.blocked.delete(jid);
    }
  }
}

export class BaileysChats implements ChatActions {
  constructor(
    private readonly store: BaileysChatStore,
    private readonly socket: () => BaileysSocket,
  ) {}

  contacts(): Promise<ContactEntry[]> {
    this.socket();
    return Promise.resolve([...this.store.contacts.values()]);
  }

  labels(): Promise<ChatLabel[]> {
    this.socket();
    return Promise.resolve([...this.store.labels.values()]);
  }

  async createLabel(name: string, color: number): Promise<ChatLabel> {
    const ids = [...this.store.labels.keys()].map(Number).filter(Number.isFinite);
    const id = String(Math.max(0, ...ids) + 1);
    await this.socket().addLabel("", { id, name, color, deleted: false });
    const label = { id, name, color, deleted: false };
    this.store.labels.set(id, label);
    return label;
  }

  async deleteLabel(id: string): Promise<ChatLabel | undefined> {
    const label = this.store.labels.get(id);
    if (label === undefined || label.deleted) return undefined;
    await this.socket().addLabel("", { id, name: label.name, color: label.color, deleted: true });
    this.store.labels.set(id, { ...label, deleted: true });
    for (const labels of this.store.chatLabels.values()) labels.delete(id);
    return { id, name: "", color: 0, deleted: true };
  }

  async labelChat(chatJid: string, labelId: string, on: boolean): Promise<void> {
    const socket = this.socket();
    if (on) await socket.addChatLabel(chatJid, labelId);
    else await socket.removeChatLabel(chatJid, labelId);
    const labels = this.store.chatLabels.get(chatJid) ?? new Set<string>();
    if (on) labels.add(labelId);
    else labels.delete(labelId);
    this.store.chatLabels.set(chatJid, labels);
  }

  labelledChats(): Promise<LabelledChat[]> {
    this.socket();
    return Promise.resolve(
      [...this.store.chatLabels.entries()]
        .filter(([, labels]) => labels.size > 0)
        .map(([chatJid, labels]) => ({ chatJid, labelIds: [...labels] })),
    );
  }

  async refreshLabels(): Promise<void> {
    // Labels live in the "regular" app-state collection.
    await this.socket().resyncAppState(["regular"], false);
  }

  async archiveChat(chatJid: string, archive: boolean, last: LastMessage | null): Promise<void> {
    await this.socket().chatModify({ archive, lastMessages: lastMessages(last) }, chatJid);
  }

  async pinChat(chatJid: string, pin: boolean): Promise<void> {
    await this.socket().chatModify({ pin }, chatJid);
  }

  async muteChat(chatJid: string, until: number | null): Promise<void> {
    // WhatsApp's "always" is a mute that ends at -1.
    await this.socket().chatModify({ mute: until === 0 ? -1 : until }, chatJid);
  }

  async starMessage(key: MessageKey, star: boolean): Promise<void> {
    await this.socket().star(key.chatJid, [{ id: key.id, fromMe: key.fromMe }], star);
  }

  favoriteChat(): Promise<void> {
    return Promise.reject(
      new ProviderUnsupportedError(
        "Favorite chats are not supported on this connection: star messages instead (messageId)",
      ),
    );
  }

  async blockContact(jid: string, block: boolean): Promise<number> {
    const socket = this.socket();
    await socket.updateBlockStatus(jid, block ? "block" : "unblock");
    const list = await socket.fetchBlocklist();
    this.store.blocked = new Set(list.filter((entry): entry is string => entry !== undefined));
    return this.store.blocked.size;
  }

  async deleteChat(chatJid: string, last: LastMessage | null): Promise<void> {
    await this.socket().chatModify({ delete: true, lastMessages: lastMessages(last) }, chatJid);
  }
}

function lastMessages(last: LastMessage | null) {
  if (last === null) return [];
  return [
    { key: baileysKey(last), messageTimestamp: Math.floor(Date.parse(last.timestamp) / 1000) },
  ];
}
