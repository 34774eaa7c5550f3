/**
 * Which messages were already turned into ponte events, so that Baileys delivering one
 * message twice produces one event. It does, in two ways: `append` then `notify` with
 * the same key (or a retry after reconnecting), and the same message once under the
 * contact's `@lid` and once under their phone JID (PEERS.md, WAHA #1627).
 *
 * A message is known by its full key: chat, author (groups), `fromMe` and id, with the
 * chat and the author in every form known (LID and phone JID), so either form matches.
 * It is exact: an id never seen is never reported as seen. Memory is bounded; when full,
 * the oldest message is forgotten, which can only let a very late repeat through again.
 *
 * Remember a message only once its event was emitted (`add` after emitting, or `claim`
 * right before): marking it when it was skipped would drop its real delivery later, as
 * Evolution API's cache does (EVO #2110). A CIPHERTEXT placeholder, for instance, comes
 * before the decrypted message under the same id, and must not be remembered.
 */
import type { WAMessageKey } from "@whiskeysockets/baileys";
import { isLidJid, serverOf, USER_SERVER } from "../jid.js";
import { optionalJid } from "./inbound-parties.js";

export interface DedupeOptions {
  /** How many messages to remember (default 5,000): minutes of traffic for a busy number. */
  capacity?: number;
  /** The phone JID behind a LID, when the connection knows it (as `InboundContext`). */
  phoneForLid?: (lid: string) => string | null | undefined;
}

const DEFAULT_CAPACITY = 5000;

export class RecentMessages {
  private readonly capacity: number;
  private readonly phoneForLid: DedupeOptions["phoneForLid"];
  /** Identity → the number of the message that holds it. */
  private readonly identities = new Map<string, number>();
  /** Message number → its identities, oldest first (a Map keeps insertion order). */
  private readonly messages = new Map<number, string[]>();
  /** LID ↔ phone JID pairs learnt from keys that carried both. */
  private readonly pairs = new Map<string, string>();
  private next = 0;

  constructor(options: DedupeOptions = {}) {
    this.capacity = Math.max(1, options.capacity ?? DEFAULT_CAPACITY);
    this.phoneForLid = options.phoneForLid;
  }

  /** Whether this message (in any of its forms) was remembered. */
  has(key: WAMessageKey): boolean {
    return this.identitiesOf(key).some((identity) => this.identities.has(identity));
  }

  /** Remembers a message whose event was emitted. */
  add(key: WAMessageKey): void {
    const identities = this.identitiesOf(key);
    if (identities.length === 0) return;
    const number = this.next++;
    this.messages.set(number, identities);
    for (const identity of identities) this.identities.set(identity, number);
    if (this.messages.size > this.capacity) this.forgetOldest();
  }

  /** True, and remembered, the first time a message is seen; false for a repeat. */
  claim(key: WAMessageKey): boolean {
    if (this.has(key)) return false;
    this.add(key);
    return true;
  }

  get size(): number {
    return this.messages.size;
  }

  private forgetOldest(): void {
    const oldest = this.messages.keys().next();
    if (oldest.done === true) return;
    const number = oldest.value;
    for (const identity of this.messages.get(number) ?? []) {
      // A later message may share an identity (an `add` without `has`): keep it for that one.
      if (this.identities.get(identity) === number) this.identities.delete(identity);
    }
    this.messages.delete(number);
  }

  private identitiesOf(key: WAMessageKey): string[] {
    if (!key.id || !key.remoteJid) return [];
    const fromMe = key.fromMe ?? false;
    if (!fromMe) {
      this.learn(key.remoteJid, key.remoteJidAlt);
      this.learn(key.participant, key.participantAlt);
    }
    const chats = this.formsOf(key.remoteJid, key.remoteJidAlt);
    // Our own messages have one author whatever form names it.
    const authors =
      fromMe || !key.participant ? ["-"] : this.formsOf(key.participant, key.participantAlt);
    const identities: string[] = [];
    for (const chat of chats) {
      for (const author of authors)
        identities.push(`${chat}|${author}|${fromMe ? 1 : 0}|${key.id}`);
    }
    return identities;
  }

  /** A JID and every other form of the same account known here. */
  private formsOf(jid: string, alt: string | null | undefined): string[] {
    const forms = new Set<string>();
    for (const form of [optionalJid(jid), optionalJid(alt)]) {
      if (form === null) continue;
      forms.add(form);
      const other =
        this.pairs.get(form) ?? (isLidJid(form) ? optionalJid(this.phoneForLid?.(form)) : null);
      if (other !== null) forms.add(other);
    }
    return [...forms];
  }

  private learn(jid: string | null | undefined, alt: string | null | undefined): void {
    const [a, b] = [optionalJid(jid), optionalJid(alt)];
    if (a === null || b === null) return;
    const lid = isLidJid(a) ? a : isLidJid(b) ? b : null;
    const phone = serverOf(a) === USER_SERVER ? a : serverOf(b) === USER_SERVER ? b : null;
    if (lid === null || phone === null) return;
    for (const [from, to] of [
      [lid, phone],
      [phone, lid],
    ] as const) {
      this.pairs.delete(from);
      this.pairs.set(from, to);
    }
    while (this.pairs.size > this.capacity * 2) {
      const oldest = this.pairs.keys().next();
      if (oldest.done === true) break;
      this.pairs.delete(oldest.value);
    }
  }
}
