/**
 * Chat management on a live connection (ryzeapi-more.md 2): the phone's contact list and
 * labels, and the per-chat flags WhatsApp syncs through app state (archive, pin, mute,
 * favourite/star, block, delete). State a provider keeps is what WhatsApp last synced.
 */
import type { MessageKey } from "./provider.js";

/** The newest message of a chat, which WhatsApp wants with archive and delete. */
export interface LastMessage extends MessageKey {
  timestamp: string;
}

export interface ContactEntry {
  /** `<number>@s.whatsapp.net`, or the `@lid` when no number is known. */
  jid: string;
  lid: string | null;
  firstName: string;
  fullName: string;
  pushName: string;
  businessName: string;
}

export interface ChatLabel {
  /** WhatsApp label ids are strings of digits, assigned in sequence. */
  id: string;
  name: string;
  /** 0–10, the WhatsApp Business palette. */
  color: number;
  deleted: boolean;
}

export interface LabelledChat {
  chatJid: string;
  labelIds: string[];
}

export interface ChatActions {
  /** The phone's address book as WhatsApp synced it. */
  contacts(): Promise<ContactEntry[]>;
  labels(): Promise<ChatLabel[]>;
  /** Creates a label with the next free id. */
  createLabel(name: string, color: number): Promise<ChatLabel>;
  /** Deletes a label and takes it off every chat; undefined when there is no such label. */
  deleteLabel(id: string): Promise<ChatLabel | undefined>;
  /** Puts a label on a chat (`on`) or takes it off. */
  labelChat(chatJid: string, labelId: string, on: boolean): Promise<void>;
  labelledChats(): Promise<LabelledChat[]>;
  /** Asks WhatsApp to sync labels again (contactsByLabel?refresh=true). */
  refreshLabels(): Promise<void>;
  archiveChat(chatJid: string, archive: boolean, lastMessage: LastMessage | null): Promise<void>;
  pinChat(chatJid: string, pin: boolean): Promise<void>;
  /** `until` is a Unix time in ms; null unmutes; 0 never expires. */
  muteChat(chatJid: string, until: number | null): Promise<void>;
  /** Stars (favourites) one message, or takes the star off. */
  starMessage(key: MessageKey, star: boolean): Promise<void>;
  /** Adds a chat to WhatsApp's Favorites list, or takes it off. */
  favoriteChat(chatJid: string, favorite: boolean): Promise<void>;
  /** Blocks or unblocks a contact; answers how many contacts are blocked afterwards. */
  blockContact(jid: string, block: boolean): Promise<number>;
  /** Deletes the chat on this account (other devices follow; others keep their copy). */
  deleteChat(chatJid: string, lastMessage: LastMessage | null): Promise<void>;
}
