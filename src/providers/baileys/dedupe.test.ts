import type { BaileysEventMap, WAMessageKey } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { RecentMessages } from "./dedupe.js";
import { ANA, BRUNO, CARLA, GROUP, T } from "./testing/inbound-fixtures.js";

type Upsert = BaileysEventMap["messages.upsert"];

/** What a connection does with an upsert batch: one event per message claimed. */
function emitted(recent: RecentMessages, batches: Upsert[]): string[] {
  const ids: string[] = [];
  for (const batch of batches) {
    for (const msg of batch.messages) if (recent.claim(msg.key)) ids.push(msg.key.id ?? "");
  }
  return ids;
}

const upsert = (type: Upsert["type"], key: WAMessageKey): Upsert => ({
  type,
  messages: [{ key, messageTimestamp: T, message: { conversation: "oi" } }],
});

describe("RecentMessages", () => {
  const rows: { name: string; first: WAMessageKey; second: WAMessageKey; duplicate: boolean }[] = [
    {
      name: "the same key twice (append, then notify)",
      first: { remoteJid: ANA.lid, remoteJidAlt: ANA.pn, fromMe: false, id: "3A01" },
      second: { remoteJid: ANA.lid, remoteJidAlt: ANA.pn, fromMe: false, id: "3A01" },
      duplicate: true,
    },
    {
      name: "under the LID, then under the phone JID",
      first: { remoteJid: ANA.lid, remoteJidAlt: ANA.pn, fromMe: false, id: "3A02" },
      second: { remoteJid: ANA.pn, fromMe: false, id: "3A02" },
      duplicate: true,
    },
    {
      name: "under the phone JID, then under the LID alone",
      first: { remoteJid: ANA.pn, remoteJidAlt: ANA.lid, fromMe: false, id: "3A03" },
      second: { remoteJid: ANA.lid, fromMe: false, id: "3A03" },
      duplicate: true,
    },
    {
      name: "LID alone, then phone JID alone, the pair known to the connection",
      first: { remoteJid: CARLA.lid, fromMe: false, id: "3A04" },
      second: { remoteJid: CARLA.pn, fromMe: false, id: "3A04" },
      duplicate: true,
    },
    {
      name: "a group message by the author's LID, then by their phone JID",
      first: {
        remoteJid: GROUP,
        fromMe: false,
        id: "3A05",
        participant: BRUNO.lid,
        participantAlt: BRUNO.pn,
      },
      second: {
        remoteJid: GROUP,
        fromMe: false,
        id: "3A05",
        participant: "5521998765432:4@s.whatsapp.net",
      },
      duplicate: true,
    },
    {
      name: "the same id in two chats",
      first: { remoteJid: ANA.pn, fromMe: false, id: "3A06" },
      second: { remoteJid: BRUNO.pn, fromMe: false, id: "3A06" },
      duplicate: false,
    },
    {
      name: "the same id from two group members",
      first: { remoteJid: GROUP, fromMe: false, id: "3A07", participant: ANA.pn },
      second: { remoteJid: GROUP, fromMe: false, id: "3A07", participant: BRUNO.pn },
      duplicate: false,
    },
    {
      name: "the same id, ours and theirs",
      first: { remoteJid: ANA.pn, fromMe: true, id: "3A08" },
      second: { remoteJid: ANA.pn, fromMe: false, id: "3A08" },
      duplicate: false,
    },
  ];

  it.each(rows)("$name → duplicate: $duplicate", ({ first, second, duplicate }) => {
    const recent = new RecentMessages({
      phoneForLid: (lid) => (lid === CARLA.lid ? CARLA.pn : null),
    });
    expect(recent.claim(first)).toBe(true);
    expect(recent.claim(second)).toBe(!duplicate);
  });

  it("append then notify gives one event; a later new message still gives its own", () => {
    const recent = new RecentMessages();
    const key = { remoteJid: ANA.lid, remoteJidAlt: ANA.pn, fromMe: false, id: "3A10" };
    const next = { remoteJid: ANA.lid, remoteJidAlt: ANA.pn, fromMe: false, id: "3A11" };
    expect(
      emitted(recent, [upsert("append", key), upsert("notify", key), upsert("notify", next)]),
    ).toStrictEqual(["3A10", "3A11"]);
  });

  it("learns a LID ↔ phone pair from one message and applies it to the next copies", () => {
    const recent = new RecentMessages();
    recent.claim({ remoteJid: ANA.lid, remoteJidAlt: ANA.pn, fromMe: false, id: "3A20" });
    expect(recent.claim({ remoteJid: ANA.lid, fromMe: false, id: "3A21" })).toBe(true);
    expect(recent.claim({ remoteJid: ANA.pn, fromMe: false, id: "3A21" })).toBe(false);
  });

  it("`has` does not remember: a skipped delivery never hides the real one", () => {
    const recent = new RecentMessages();
    const key = { remoteJid: ANA.pn, fromMe: false, id: "3A30" };
    expect(recent.has(key)).toBe(false);
    expect(recent.has(key)).toBe(false);
    recent.add(key);
    expect(recent.has(key)).toBe(true);
  });

  it("a key without an id is never taken for a repeat", () => {
    const recent = new RecentMessages();
    expect(recent.claim({ remoteJid: ANA.pn, fromMe: false })).toBe(true);
    expect(recent.claim({ remoteJid: ANA.pn, fromMe: false })).toBe(true);
  });

  it("stays bounded, and eviction never reports a new id as seen", () => {
    const capacity = 50;
    const recent = new RecentMessages({ capacity });
    const key = (n: number): WAMessageKey => ({
      remoteJid: ANA.lid,
      remoteJidAlt: ANA.pn,
      fromMe: false,
      id: `ID${n}`,
    });
    for (let n = 0; n < 1000; n++) {
      expect(recent.claim(key(n))).toBe(true);
      expect(recent.size).toBeLessThanOrEqual(capacity);
      // The last `capacity` messages are still known, under either form.
      expect(recent.has(key(n - capacity + 1))).toBe(n - capacity + 1 >= 0);
      expect(recent.has({ remoteJid: ANA.pn, fromMe: false, id: `ID${n}` })).toBe(true);
    }
    // Long forgotten: a very late repeat passes again, which is the only cost of the bound.
    expect(recent.has(key(0))).toBe(false);
  });
});
