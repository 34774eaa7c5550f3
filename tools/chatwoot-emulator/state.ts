import { randomBytes, randomUUID } from "node:crypto";
import type {
  Account,
  AccountWebhook,
  AgentBot,
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

/**
 * All records, keyed by id, plus the id sequences. One table per Chatwoot table; ids
 * are global like Postgres sequences, except conversation display ids, which count per
 * account as Chatwoot's `display_id` trigger does.
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

  accountInboxes(accountId: number): Inbox[] {
    return [...this.inboxes.values()].filter((i) => i.accountId === accountId);
  }

  accountContacts(accountId: number): Contact[] {
    return [...this.contacts.values()].filter((c) => c.accountId === accountId);
  }

  accountConversations(accountId: number): Conversation[] {
    return [...this.conversations.values()].filter((c) => c.accountId === accountId);
  }

  conversationByDisplayId(accountId: number, displayId: number): Conversation | undefined {
    for (const c of this.conversations.values()) {
      if (c.accountId === accountId && c.displayId === displayId) return c;
    }
    return undefined;
  }

  contactInboxesOf(contactId: number): ContactInbox[] {
    return [...this.contactInboxes.values()].filter((ci) => ci.contactId === contactId);
  }

  findContactInbox(inboxId: number, sourceId: string): ContactInbox | undefined {
    for (const ci of this.contactInboxes.values()) {
      if (ci.inboxId === inboxId && ci.sourceId === sourceId) return ci;
    }
    return undefined;
  }

  /** Messages of a conversation in creation order (Chatwoot's default scope). */
  conversationMessages(conversationId: number): Message[] {
    return [...this.messages.values()].filter((m) => m.conversationId === conversationId);
  }

  conversationsOfContactInbox(contactInboxId: number): Conversation[] {
    return [...this.conversations.values()].filter((c) => c.contactInboxId === contactInboxId);
  }

  accountWebhooks(accountId: number): AccountWebhook[] {
    return [...this.webhooks.values()].filter((w) => w.accountId === accountId);
  }
}
