import { proto, type WAMessage } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import type { ExchangeMessage } from "../../contracts/events.js";
import { mapMessage } from "./inbound-messages.js";
import {
  ANA,
  ana,
  anaChat,
  BRUNO,
  CARLA,
  ctx,
  fromAna,
  fromBruno,
  GROUP,
  ISO,
  self,
  SELF,
  T,
} from "./testing/inbound-fixtures.js";

interface Row {
  name: string;
  msg: WAMessage;
  expected: ExchangeMessage;
}

const rows: Row[] = [
  {
    name: "conversation in a LID chat, the phone JID beside it",
    msg: {
      key: {
        remoteJid: ANA.lid,
        remoteJidAlt: ANA.pn,
        fromMe: false,
        id: "3A0001",
        addressingMode: "lid",
      },
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        conversation: "Oi, tudo bem?",
        messageContextInfo: { deviceListMetadataVersion: 2 },
      },
    },
    expected: fromAna("3A0001", { content: { text: "Oi, tudo bem?" } }),
  },
  {
    name: "group text: LID mentions resolved, @everyone, a reply to our message",
    msg: {
      key: {
        remoteJid: GROUP,
        fromMe: false,
        id: "3A0002",
        participant: BRUNO.lid,
        participantAlt: BRUNO.pn,
      },
      messageTimestamp: T,
      pushName: "Bruno",
      message: {
        extendedTextMessage: {
          text: "@555555555555555 @5511987654321 olhem isso",
          contextInfo: {
            stanzaId: "3EB0AABBCCDDEEFF0011",
            participant: SELF.lid,
            quotedMessage: { conversation: "Reunião às 15h" },
            mentionedJid: [CARLA.lid, ANA.pn],
            nonJidMentions: 1,
          },
        },
      },
    },
    expected: fromBruno("3A0002", {
      content: { text: "@555555555555555 @5511987654321 olhem isso" },
      replyTo: { messageId: "3EB0AABBCCDDEEFF0011", fromMe: true, participant: SELF.pn },
      mentions: [CARLA.pn, ANA.pn],
      mentionAll: true,
    }),
  },
  {
    name: "private reply quoting the contact's own message",
    msg: {
      key: { remoteJid: ANA.pn, remoteJidAlt: ANA.lid, fromMe: false, id: "3A0003" },
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        extendedTextMessage: {
          text: "esse aqui",
          contextInfo: {
            stanzaId: "3A0000",
            participant: ANA.pn,
            quotedMessage: { conversation: "?" },
          },
        },
      },
    },
    expected: fromAna("3A0003", {
      content: { text: "esse aqui" },
      replyTo: { messageId: "3A0000", fromMe: false, participant: null },
    }),
  },
  {
    name: "sent from the phone: outgoing, the sender is this number",
    msg: {
      key: { remoteJid: ANA.pn, fromMe: true, id: "3EB0000A" },
      messageTimestamp: T,
      pushName: "Loja Centro",
      status: proto.WebMessageInfo.Status.SERVER_ACK,
      message: { conversation: "Seu pedido saiu" },
    },
    expected: fromAna("3EB0000A", {
      direction: "outgoing",
      fromMe: true,
      chat: {
        jid: ANA.pn,
        phone: "5511987654321",
        lid: null,
        name: "",
        type: "private",
        isCommunity: false,
      },
      sender: { ...self, name: "Loja Centro" },
      content: { text: "Seu pedido saiu" },
    }),
  },
  {
    name: "sent from the phone to a LID chat: our own number beside it is not the contact's",
    msg: {
      key: { remoteJid: ANA.lid, remoteJidAlt: SELF.pn, fromMe: true, id: "3EB0000B" },
      messageTimestamp: T,
      message: { conversation: "ok" },
    },
    expected: fromAna("3EB0000B", {
      direction: "outgoing",
      fromMe: true,
      chat: {
        jid: ANA.lid,
        phone: null,
        lid: ANA.lid,
        name: "",
        type: "private",
        isCommunity: false,
      },
      sender: self,
      content: { text: "ok" },
    }),
  },
  {
    name: "a contact known only by LID: jid is the LID, phone null",
    msg: {
      key: { remoteJid: "777777777777777@lid", fromMe: false, id: "3A000C" },
      messageTimestamp: T,
      pushName: "Desconhecido",
      message: { conversation: "olá" },
    },
    expected: fromAna("3A000C", {
      chat: {
        jid: "777777777777777@lid",
        phone: null,
        lid: "777777777777777@lid",
        name: "Desconhecido",
        type: "private",
        isCommunity: false,
      },
      sender: {
        jid: "777777777777777@lid",
        phone: null,
        lid: "777777777777777@lid",
        name: "Desconhecido",
      },
      content: { text: "olá" },
    }),
  },
  {
    name: "a LID the connection's mapping knows: the phone JID comes from it",
    msg: {
      key: { remoteJid: CARLA.lid, fromMe: false, id: "3A000D" },
      messageTimestamp: T,
      pushName: "Carla",
      message: { conversation: "bom dia" },
    },
    expected: fromAna("3A000D", {
      chat: {
        jid: CARLA.pn,
        phone: "5531991112222",
        lid: CARLA.lid,
        name: "Carla",
        type: "private",
        isCommunity: false,
      },
      sender: { jid: CARLA.pn, phone: "5531991112222", lid: CARLA.lid, name: "Carla" },
      content: { text: "bom dia" },
    }),
  },
  {
    name: "a status post: broadcast chat, the poster as sender",
    msg: {
      key: {
        remoteJid: "status@broadcast",
        remoteJidAlt: ANA.pn,
        participant: ANA.lid,
        fromMe: false,
        id: "3A000E",
      },
      messageTimestamp: T,
      pushName: "Ana",
      broadcast: true,
      message: { extendedTextMessage: { text: "Promoção hoje!", backgroundArgb: 4283190348 } },
    },
    expected: fromAna("3A000E", {
      chat: {
        jid: "status@broadcast",
        phone: null,
        lid: null,
        name: "",
        type: "broadcast",
        isCommunity: false,
      },
      content: { text: "Promoção hoje!" },
    }),
  },
  {
    name: "a channel post: newsletter chat and sender",
    msg: {
      key: {
        remoteJid: "120363111111111111@newsletter",
        fromMe: false,
        id: "3A000F",
        server_id: "152",
      },
      messageTimestamp: T,
      message: { conversation: "Novidades da semana" },
    },
    expected: fromAna("3A000F", {
      chat: {
        jid: "120363111111111111@newsletter",
        phone: null,
        lid: null,
        name: "",
        type: "newsletter",
        isCommunity: false,
      },
      sender: { jid: "120363111111111111@newsletter", phone: null, lid: null, name: "" },
      content: { text: "Novidades da semana" },
    }),
  },
];

describe("mapMessage: text, replies, mentions and addressing", () => {
  it.each(rows)("$name", ({ msg, expected }) => {
    expect(mapMessage(msg, ctx)).toStrictEqual({ message: expected });
  });

  it("reads a timestamp Baileys decoded as a Long, and a message as the protobuf decoder leaves it", () => {
    const bytes = proto.WebMessageInfo.encode({
      key: { remoteJid: ANA.pn, fromMe: false, id: "3A0010" },
      messageTimestamp: T,
      pushName: "Ana",
      message: { conversation: "decoded" },
    }).finish();
    // Baileys casts decoded messages the same way: a received message always has a key.
    const decoded = proto.WebMessageInfo.decode(bytes) as WAMessage;
    expect(typeof decoded.messageTimestamp).toBe("object");
    expect(mapMessage(decoded, ctx)).toStrictEqual({
      message: fromAna("3A0010", {
        chat: { ...anaChat, lid: null },
        sender: { ...ana, lid: null },
        content: { text: "decoded" },
      }),
    });
  });

  it("takes the context's clock when the message has no timestamp", () => {
    const result = mapMessage(
      { key: { remoteJid: ANA.pn, fromMe: false, id: "3A0011" }, message: { conversation: "x" } },
      ctx,
    );
    expect("message" in result && result.message.timestamp).toBe("2024-04-28T12:00:00.000Z");
    expect(ISO).not.toBe("2024-04-28T12:00:00.000Z");
  });
});
