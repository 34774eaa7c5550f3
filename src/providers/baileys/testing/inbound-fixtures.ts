/**
 * The people and chats of the inbound mapping tests: this account, two contacts known by
 * LID and phone, one known to the connection only through its LID mapping, a group.
 */
import type { WAMessageKey } from "@whiskeysockets/baileys";
import type { Chat, ExchangeMessage, Party } from "../../../contracts/events.js";
import type { MessageContext } from "../inbound-messages.js";

export const SELF = { pn: "5511900000001@s.whatsapp.net", lid: "190000000000001@lid" };
export const ANA = { pn: "5511987654321@s.whatsapp.net", lid: "123456789012345@lid" };
export const BRUNO = { pn: "5521998765432@s.whatsapp.net", lid: "987654321098765@lid" };
/** Known to the connection by its LID mapping only (never in a key's `*Alt`). */
export const CARLA = { pn: "5531991112222@s.whatsapp.net", lid: "555555555555555@lid" };
export const GROUP = "120363025246125244@g.us";

/** 2024-04-28 10:30:00 UTC, as Baileys gives it (seconds). */
export const T = 1714300200;
export const ISO = "2024-04-28T10:30:00.000Z";
export const NOW = new Date("2024-04-28T12:00:00.000Z");

export const ctx: MessageContext = {
  // As Baileys' creds hold them: with the device suffix.
  selfJid: "5511900000001:7@s.whatsapp.net",
  selfLid: "190000000000001:7@lid",
  phoneForLid: (lid) => (lid === CARLA.lid ? CARLA.pn : null),
  groupName: (jid) => (jid === GROUP ? "Equipe" : null),
  now: () => NOW,
};

export const ana: Party = { jid: ANA.pn, phone: "5511987654321", lid: ANA.lid, name: "Ana" };
export const anaChat: Chat = { ...ana, type: "private", isCommunity: false };
export const bruno: Party = {
  jid: BRUNO.pn,
  phone: "5521998765432",
  lid: BRUNO.lid,
  name: "Bruno",
};
export const groupChat: Chat = {
  jid: GROUP,
  phone: null,
  lid: null,
  name: "Equipe",
  type: "group",
  isCommunity: false,
};
export const self: Party = {
  jid: SELF.pn,
  phone: "5511900000001",
  lid: SELF.lid,
  name: "",
};

/** Ana's key as Baileys 7 gives it: her LID, her phone JID beside it. */
export function anaKey(id: string): WAMessageKey {
  return { remoteJid: ANA.lid, remoteJidAlt: ANA.pn, fromMe: false, id, addressingMode: "lid" };
}

/** Bruno's key in the group: his LID as participant, his phone JID beside it. */
export function brunoKey(id: string): WAMessageKey {
  return { remoteJid: GROUP, fromMe: false, id, participant: BRUNO.lid, participantAlt: BRUNO.pn };
}

/** A full incoming message from Ana in her private chat, with what a row changes. */
export function fromAna(id: string, changes: Partial<ExchangeMessage>): ExchangeMessage {
  return {
    id,
    type: "text",
    direction: "incoming",
    fromMe: false,
    timestamp: ISO,
    chat: anaChat,
    sender: ana,
    content: {},
    ...changes,
  };
}

/** A full incoming message from Bruno in the group. */
export function fromBruno(id: string, changes: Partial<ExchangeMessage>): ExchangeMessage {
  return fromAna(id, { chat: groupChat, sender: bruno, ...changes });
}
