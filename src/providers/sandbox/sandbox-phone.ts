/**
 * What the simulated phone remembers about one instance, in memory: what the instance
 * sent (the outbox), the contacts that wrote to it (names, LID ↔ phone mappings), group
 * subjects, and the faults a test asked for. It lives as long as the process.
 */
import type { MediaType, MessageRef } from "../../contracts/events.js";
import type { Presence } from "../provider.js";
import type { RichContent, SendForward } from "../provider-messages.js";
import { ProviderError } from "../provider.js";
import { brazilianVariants, userJid } from "../jid.js";
import { SandboxChatState } from "./sandbox-chats.js";
import { SandboxProfileState } from "./sandbox-profile.js";
import { SandboxGroupState } from "./sandbox-group-state.js";

export type OutboxKind =
  | "text"
  | "media"
  | "reaction"
  | "revoke"
  | "deleteForMe"
  | "read"
  | "presence"
  | "rich"
  | "forward"
  | "edit"
  | "chat"
  | "profile"
  | "group";

export interface OutboxEntry {
  /** Position in the outbox, from 1. */
  index: number;
  kind: OutboxKind;
  /** The chat it went to. */
  to: string;
  /** The id of the message it produced; null for read marks, presence, delete-for-me. */
  messageId: string | null;
  timestamp: string;
  text?: string;
  media?: {
    type: MediaType;
    mimetype: string;
    size: number;
    fileName: string | null;
    caption: string | null;
    base64: string;
  };
  reaction?: string;
  target?: MessageRef;
  replyTo?: string;
  mentions?: string[];
  mentionAll?: boolean;
  /** Message ids marked read. */
  messageIds?: string[];
  presence?: Presence;
  source?: string;
  /** `rich`: the location, contacts, poll, interactive message or text story, in full; `forward`: what was sent again. */
  content?: RichContent | SendForward["content"];
  /** `chat`: the chat-management action (and `profile`: the change, in `details`) (`archive`, `pin`, `createLabel`…) and its details. */
  action?: string;
  details?: Record<string, unknown>;
}

export type SendFailure = "unavailable" | "rejected";

export interface SandboxFaults {
  /** How many of the next sends fail. */
  failNextSends: number;
  /** `unavailable` is retryable (a network drop); `rejected` is not (WhatsApp said no). */
  failure: SendFailure;
  /** Added before every send completes. */
  sendDelayMs: number;
  /** Numbers that have no WhatsApp account. */
  unknownNumbers: string[];
}

export const NO_FAULTS: SandboxFaults = {
  failNextSends: 0,
  failure: "unavailable",
  sendDelayMs: 0,
  unknownNumbers: [],
};

export class SandboxPhone {
  /** Address book, labels and chat flags (sandbox-chats.ts). */
  readonly chats = new SandboxChatState();
  /** This account's name, about, picture and privacy (sandbox-profile.ts). */
  readonly profile = new SandboxProfileState();
  /** Groups, communities and channels (sandbox-group-state.ts). */
  readonly groups = new SandboxGroupState();
  private readonly outbox: OutboxEntry[] = [];
  private faults: SandboxFaults = { ...NO_FAULTS };
  /** Phones of contacts that have written (they certainly have WhatsApp). */
  private readonly knownPhones = new Set<string>();
  private readonly names = new Map<string, string>();
  private readonly lidToPhone = new Map<string, string>();
  private readonly phoneToLid = new Map<string, string>();

  record(entry: Omit<OutboxEntry, "index">): OutboxEntry {
    const full = { ...entry, index: this.outbox.length + 1 };
    this.outbox.push(full);
    return full;
  }

  entries(after = 0): OutboxEntry[] {
    return this.outbox.slice(after);
  }

  setFaults(patch: Partial<SandboxFaults>): SandboxFaults {
    this.faults = { ...this.faults, ...patch };
    return this.currentFaults();
  }

  currentFaults(): SandboxFaults {
    return { ...this.faults, unknownNumbers: [...this.faults.unknownNumbers] };
  }

  /** Applies the configured delay and failures to one send. */
  async beforeSend(): Promise<void> {
    const { sendDelayMs } = this.faults;
    if (sendDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, sendDelayMs));
    if (this.faults.failNextSends > 0) {
      this.faults.failNextSends -= 1;
      const retryable = this.faults.failure === "unavailable";
      throw new ProviderError(
        retryable
          ? "sandbox: connection to WhatsApp dropped"
          : "sandbox: WhatsApp rejected the message",
        retryable,
      );
    }
  }

  rememberContact(phone: string | null, lid: string | null, name: string): void {
    if (phone !== null) {
      this.knownPhones.add(phone);
      if (name !== "") this.names.set(phone, name);
    }
    if (lid !== null && phone !== null) {
      this.lidToPhone.set(lid, phone);
      this.phoneToLid.set(phone, lid);
    }
    if (lid !== null && name !== "") this.names.set(lid, name);
  }

  rememberName(key: string, name: string): void {
    if (name !== "") this.names.set(key, name);
  }

  /** The contacts that have written, with the push name they wrote under. */
  knownContacts(): { jid: string; lid: string | null; pushName: string }[] {
    return [...this.knownPhones].map((phone) => ({
      jid: userJid(phone),
      lid: this.phoneToLid.get(phone) ?? null,
      pushName: this.names.get(phone) ?? "",
    }));
  }

  nameOf(key: string): string {
    return this.names.get(key) ?? "";
  }

  phoneOfLid(lid: string): string | null {
    return this.lidToPhone.get(lid) ?? null;
  }

  lidOfPhone(phone: string): string | null {
    return this.phoneToLid.get(phone) ?? null;
  }

  /**
   * Whether a number has WhatsApp: not when a test declared it (either Brazilian form of
   * it) unknown; yes when the contact has written; and of the two Brazilian forms of one number, only the one
   * that has written exists once either has. Any other number exists.
   */
  exists(phone: string): boolean {
    const forms = brazilianVariants(phone);
    if (forms.some((form) => this.faults.unknownNumbers.includes(form))) return false;
    if (this.knownPhones.has(phone)) return true;
    return !forms.slice(1).some((other) => this.knownPhones.has(other));
  }
}
