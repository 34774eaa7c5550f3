import { randomBytes, randomUUID } from "node:crypto";
import type {
  Account,
  AccountWebhook,
  AgentBot,
  Attachment,
  Contact,
  ContactInbox,
  Conversation,
  Inbox,
  Message,
  Role,
  User,
} from "./types.js";

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Same alphabet and length as Rails' `has_secure_token` (24 base58 characters). */
export function secureToken(length = 24): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += BASE58[byte % BASE58.length] ?? "1";
  return out;
}

export const uuid = (): string => randomUUID();

const sourceKey = (inboxId: number, sourceId: string) => `${inboxId}\u0000${sourceId}`;

/**
 * All records, keyed by id, plus the id sequences and the secondary indexes that keep
 * per-call work independent of how much state has piled up (benchmarks create tens of
 * thousands of messages). Ids are global like Postgres sequences, except conversation
 * display ids, which count per account as Chatwoot's `display_id` does. Reads go
 * through the maps; every insert and delete goes through the methods so the indexes
 * stay right.
 */
export class EmulatorState {
  readonly accounts = new Map<number, Account>();
  readonly users = new Map<number, User>();
  readonly bots = new Map<number, AgentBot>();
  readonly inboxes = new Map<number, Inbox>();
  readonly contacts = new Map<number, Contact>();
  readonly contactInboxes = new Map<number, ContactInbox>();
  readonly conversations = new Map<number, Conversation>();
  readonly messages = new Map<number, Message>();
  readonly webhooks = new Map<number, AccountWebhook>();
  private readonly sequences = new Map<string, number>();
  private readonly displaySequences = new Map<number, number>();
  private readonly byConversation = new Map<number, Message[]>();
  private readonly incomingTimes = new Map<number, number[]>();
  private readonly attachments = new Map<string, Attachment>();
  private readonly byDisplayId = new Map<string, Conversation>();
  private readonly byContactInbox = new Map<number, Conversation[]>();
  private readonly bySource = new Map<string, ContactInbox>();
  private readonly byContact = new Map<number, Set<ContactInbox>>();

  nextId(table: string): number {
    const next = (this.sequences.get(table) ?? 0) + 1;
    this.sequences.set(table, next);
    return next;
  }

  nextDisplayId(accountId: number): number {
    const next = (this.displaySequences.get(accountId) ?? 0) + 1;
    this.displaySequences.set(accountId, next);
    return next;
  }

  addAccount(name: string): Account {
    const account = { id: this.nextId("accounts"), name };
    this.accounts.set(account.id, account);
    return account;
  }

  addUser(accountId: number, role: Role, name: string, email: string): User {
    const user: User = {
      id: this.nextId("users"),
      name,
      email,
      accessToken: secureToken(),
      roles: new Map([[accountId, role]]),
    };
    this.users.set(user.id, user);
    return user;
  }

  addBot(accountId: number, name: string): AgentBot {
    const bot = { id: this.nextId("agent_bots"), name, accessToken: secureToken(), accountId };
    this.bots.set(bot.id, bot);
    return bot;
  }

  userByToken(token: string): User | undefined {
    for (const user of this.users.values()) if (user.accessToken === token) return user;
    return undefined;
  }

  botByToken(token: string): AgentBot | undefined {
    for (const bot of this.bots.values()) if (bot.accessToken === token) return bot;
    return undefined;
  }

  // ── contacts and contact inboxes ───────────────────────────────────────────
  addContact(contact: Contact): void {
    this.contacts.set(contact.id, contact);
  }

  removeContact(contact: Contact): void {
    for (const ci of this.contactInboxesOf(contact.id)) this.removeContactInbox(ci);
    this.contacts.delete(contact.id);
  }

  addContactInbox(ci: ContactInbox): void {
    this.contactInboxes.set(ci.id, ci);
    this.bySource.set(sourceKey(ci.inboxId, ci.sourceId), ci);
    this.contactSet(ci.contactId).add(ci);
  }

  removeContactInbox(ci: ContactInbox): void {
    this.contactInboxes.delete(ci.id);
    this.bySource.delete(sourceKey(ci.inboxId, ci.sourceId));
    this.byContact.get(ci.contactId)?.delete(ci);
  }

  /** Moves a contact_inbox to another contact (contact merge). */
  reassignContactInbox(ci: ContactInbox, contactId: number): void {
    this.byContact.get(ci.contactId)?.delete(ci);
    ci.contactId = contactId;
    this.contactSet(contactId).add(ci);
  }

  contactInboxesOf(contactId: number): ContactInbox[] {
    return [...(this.byContact.get(contactId) ?? [])].sort((a, b) => a.id - b.id);
  }

  findContactInbox(inboxId: number, sourceId: string): ContactInbox | undefined {
    return this.bySource.get(sourceKey(inboxId, sourceId));
  }

  // ── conversations and messages ─────────────────────────────────────────────
  addConversation(c: Conversation): void {
    this.conversations.set(c.id, c);
    this.byDisplayId.set(`${c.accountId}:${c.displayId}`, c);
    const list = this.byContactInbox.get(c.contactInboxId) ?? [];
    list.push(c);
    this.byContactInbox.set(c.contactInboxId, list);
  }

  /** Removes a conversation with all its messages. */
  removeConversation(c: Conversation): void {
    for (const m of this.conversationMessages(c.id)) {
      this.dropAttachments(m);
      this.messages.delete(m.id);
    }
    this.byConversation.delete(c.id);
    this.incomingTimes.delete(c.id);
    this.byDisplayId.delete(`${c.accountId}:${c.displayId}`);
    const siblings = this.byContactInbox.get(c.contactInboxId) ?? [];
    this.byContactInbox.set(
      c.contactInboxId,
      siblings.filter((x) => x.id !== c.id),
    );
    this.conversations.delete(c.id);
  }

  conversationByDisplayId(accountId: number, displayId: number): Conversation | undefined {
    return this.byDisplayId.get(`${accountId}:${displayId}`);
  }

  conversationsOfContactInbox(contactInboxId: number): Conversation[] {
    return this.byContactInbox.get(contactInboxId) ?? [];
  }

  addMessage(m: Message): void {
    this.messages.set(m.id, m);
    const list = this.byConversation.get(m.conversationId) ?? [];
    list.push(m);
    this.byConversation.set(m.conversationId, list);
    if (m.messageType === "incoming") {
      const times = this.incomingTimes.get(m.conversationId) ?? [];
      times.push(m.createdAt);
      this.incomingTimes.set(m.conversationId, times);
    }
    for (const a of m.attachments) this.attachments.set(a.key, a);
  }

  /** Purges a message's attachments (soft delete). */
  dropAttachments(m: Message): void {
    for (const a of m.attachments) this.attachments.delete(a.key);
    m.attachments = [];
  }

  /** Messages of a conversation in creation order (Chatwoot's default scope). */
  conversationMessages(conversationId: number): readonly Message[] {
    return this.byConversation.get(conversationId) ?? [];
  }

  /** created_at of every incoming message of a conversation, ascending. */
  incomingMessageTimes(conversationId: number): readonly number[] {
    return this.incomingTimes.get(conversationId) ?? [];
  }

  attachmentByKey(key: string): Attachment | undefined {
    return this.attachments.get(key);
  }

  // ── account scans (lists and uniqueness checks) ─────────────────────────────
  accountInboxes(accountId: number): Inbox[] {
    return [...this.inboxes.values()].filter((i) => i.accountId === accountId);
  }

  accountContacts(accountId: number): Contact[] {
    return [...this.contacts.values()].filter((c) => c.accountId === accountId);
  }

  accountConversations(accountId: number): Conversation[] {
    return [...this.conversations.values()].filter((c) => c.accountId === accountId);
  }

  accountWebhooks(accountId: number): AccountWebhook[] {
    return [...this.webhooks.values()].filter((w) => w.accountId === accountId);
  }

  private contactSet(contactId: number): Set<ContactInbox> {
    let set = this.byContact.get(contactId);
    if (!set) {
      set = new Set();
      this.byContact.set(contactId, set);
    }
    return set;
  }
}

/** Searches backwards (newest first) for the last message matching `test`. */
export function lastMessage(
  messages: readonly Message[],
  test: (m: Message) => boolean,
): Message | undefined {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const m = messages[i];
    if (m && test(m)) return m;
  }
  return undefined;
}
