/**
 * The sandbox phone's chat management: its address book, labels and chat flags, kept in
 * memory beside the outbox. Every action is recorded in the outbox (`kind: "chat"`), and
 * label changes produce the `label` events WhatsApp's app-state sync would.
 */
import { ProviderError, type MessageKey, type ProviderEventSink } from "../provider.js";

/** WhatsApp's limit. */
const MAX_PINNED = 3;
import type { ChatActions, ChatLabel, ContactEntry, LabelledChat } from "../provider-chats.js";
import type { SandboxPhone } from "./sandbox-phone.js";

/** What the phone remembers about chats and contacts. */
export class SandboxChatState {
  readonly addressBook = new Map<string, ContactEntry>();
  readonly labels = new Map<string, ChatLabel>();
  readonly chatLabels = new Map<string, Set<string>>();
  readonly archived = new Set<string>();
  readonly pinned = new Set<string>();
  readonly muted = new Map<string, number>();
  readonly starred = new Set<string>();
  readonly favorites = new Set<string>();
  readonly blocked = new Set<string>();
  nextLabelId = 1;
}

export class SandboxChats implements ChatActions {
  constructor(
    private readonly phone: SandboxPhone,
    private readonly sink: ProviderEventSink,
    private readonly ready: () => Promise<void>,
  ) {}

  private get state(): SandboxChatState {
    return this.phone.chats;
  }

  async contacts(): Promise<ContactEntry[]> {
    await this.ready();
    const entries = new Map(this.state.addressBook);
    // Contacts that wrote are known to WhatsApp by their push name, as on a phone.
    for (const contact of this.phone.knownContacts()) {
      const saved = entries.get(contact.jid);
      entries.set(contact.jid, {
        jid: contact.jid,
        lid: saved?.lid ?? contact.lid,
        firstName: saved?.firstName ?? "",
        fullName: saved?.fullName ?? "",
        pushName: contact.pushName,
        businessName: saved?.businessName ?? "",
      });
    }
    return [...entries.values()];
  }

  async labels(): Promise<ChatLabel[]> {
    await this.ready();
    return [...this.state.labels.values()].filter((label) => !label.deleted);
  }

  async createLabel(name: string, color: number): Promise<ChatLabel> {
    await this.ready();
    const label: ChatLabel = { id: String(this.state.nextLabelId++), name, color, deleted: false };
    this.state.labels.set(label.id, label);
    this.record("createLabel", null, { labelId: label.id, name, color });
    this.labelEvent(label.id, "edit", { name, color });
    return label;
  }

  async deleteLabel(id: string): Promise<ChatLabel | undefined> {
    await this.ready();
    const label = this.state.labels.get(id);
    if (label === undefined || label.deleted) return undefined;
    this.state.labels.delete(id);
    for (const labels of this.state.chatLabels.values()) labels.delete(id);
    this.record("deleteLabel", null, { labelId: id });
    this.labelEvent(id, "delete", {});
    return { id, name: "", color: 0, deleted: true };
  }

  async labelChat(chatJid: string, labelId: string, on: boolean): Promise<void> {
    await this.ready();
    const labels = this.state.chatLabels.get(chatJid) ?? new Set<string>();
    const had = labels.has(labelId);
    if (on) labels.add(labelId);
    else labels.delete(labelId);
    this.state.chatLabels.set(chatJid, labels);
    this.record(on ? "assignLabel" : "unassignLabel", chatJid, { labelId });
    if (had !== on) this.labelEvent(labelId, on ? "add" : "remove", { chatJid });
  }

  async labelledChats(): Promise<LabelledChat[]> {
    await this.ready();
    return [...this.state.chatLabels.entries()]
      .filter(([, labels]) => labels.size > 0)
      .map(([chatJid, labels]) => ({ chatJid, labelIds: [...labels] }));
  }

  async refreshLabels(): Promise<void> {
    await this.ready();
  }

  async archiveChat(chatJid: string, archive: boolean): Promise<void> {
    await this.flag(this.state.archived, chatJid, archive, "archive");
  }

  async pinChat(chatJid: string, pin: boolean): Promise<void> {
    if (pin && !this.state.pinned.has(chatJid) && this.state.pinned.size >= MAX_PINNED) {
      throw new ProviderError("WhatsApp allows at most 3 pinned chats", false);
    }
    await this.flag(this.state.pinned, chatJid, pin, "pin");
  }

  async muteChat(chatJid: string, until: number | null): Promise<void> {
    await this.ready();
    if (until === null) this.state.muted.delete(chatJid);
    else this.state.muted.set(chatJid, until);
    this.record("mute", chatJid, { until });
  }

  async starMessage(key: MessageKey, star: boolean): Promise<void> {
    await this.flag(this.state.starred, key.id, star, "star", key.chatJid);
  }

  async favoriteChat(chatJid: string, favorite: boolean): Promise<void> {
    await this.flag(this.state.favorites, chatJid, favorite, "favorite");
  }

  async blockContact(jid: string, block: boolean): Promise<number> {
    await this.flag(this.state.blocked, jid, block, "block");
    return this.state.blocked.size;
  }

  async deleteChat(chatJid: string): Promise<void> {
    await this.ready();
    for (const set of [this.state.archived, this.state.pinned, this.state.favorites]) {
      set.delete(chatJid);
    }
    this.record("deleteChat", chatJid, {});
  }

  private async flag(
    set: Set<string>,
    key: string,
    on: boolean,
    action: string,
    chat: string = key,
  ): Promise<void> {
    await this.ready();
    if (on) set.add(key);
    else set.delete(key);
    this.record(action, chat, { value: on, ...(chat === key ? {} : { messageId: key }) });
  }

  private record(action: string, to: string | null, details: Record<string, unknown>): void {
    this.phone.record({
      kind: "chat",
      to: to ?? "",
      messageId: null,
      timestamp: new Date().toISOString(),
      action,
      details,
    });
  }

  private labelEvent(
    labelId: string,
    action: string,
    change: { name?: string; color?: number; chatJid?: string },
  ): void {
    this.sink.emit({
      kind: "label",
      label: {
        labelId,
        action,
        name: change.name ?? null,
        color: change.color ?? null,
        chatJid: change.chatJid ?? null,
        messageId: null,
        timestamp: new Date().toISOString(),
      },
    });
  }
}
