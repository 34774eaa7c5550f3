import { proto, type WAMessage } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import type { ExchangeMessage } from "../../contracts/events.js";
import { mapMessage } from "./inbound-messages.js";
import {
  ANA,
  anaKey,
  BRUNO,
  brunoKey,
  CARLA,
  ctx,
  fromAna,
  fromBruno,
  GROUP,
  self,
  SELF,
  T,
} from "./testing/inbound-fixtures.js";

const { REVOKE, MESSAGE_EDIT } = proto.Message.ProtocolMessage.Type;

const rows: { name: string; msg: WAMessage; expected: ExchangeMessage }[] = [
  {
    name: "reaction to our message (key already turned to our viewpoint by Baileys)",
    msg: {
      key: anaKey("3A0101"),
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        reactionMessage: {
          key: { remoteJid: ANA.lid, fromMe: true, id: "3EB0C0FFEE" },
          text: "👍",
          senderTimestampMs: T * 1000,
        },
      },
    },
    expected: fromAna("3A0101", {
      type: "reaction",
      content: { reaction: "👍" },
      target: { messageId: "3EB0C0FFEE", fromMe: true, participant: null },
    }),
  },
  {
    name: "reaction removed, in a group, on another member's message",
    msg: {
      key: brunoKey("3A0102"),
      messageTimestamp: T,
      pushName: "Bruno",
      message: {
        reactionMessage: {
          key: { remoteJid: GROUP, fromMe: false, id: "3A0050", participant: CARLA.lid },
          text: "",
        },
      },
    },
    expected: fromBruno("3A0102", {
      type: "reaction",
      content: { reaction: "" },
      target: { messageId: "3A0050", fromMe: false, participant: CARLA.pn },
    }),
  },
  {
    name: "revoke: the contact deletes their own message for everyone",
    msg: {
      key: anaKey("3A0103"),
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        protocolMessage: { key: { remoteJid: ANA.lid, fromMe: true, id: "3A0099" }, type: REVOKE },
      },
    },
    expected: fromAna("3A0103", {
      type: "message_revoke",
      target: { messageId: "3A0099", fromMe: false, participant: null },
    }),
  },
  {
    name: "revoke: a group admin deletes our message",
    msg: {
      key: brunoKey("3A0104"),
      messageTimestamp: T,
      pushName: "Bruno",
      message: {
        protocolMessage: {
          key: { remoteJid: GROUP, fromMe: false, id: "3EB0DEAD", participant: SELF.lid },
          type: REVOKE,
        },
      },
    },
    expected: fromBruno("3A0104", {
      type: "message_revoke",
      target: { messageId: "3EB0DEAD", fromMe: true, participant: SELF.pn },
    }),
  },
  {
    name: "revoke sent from our phone",
    msg: {
      key: { remoteJid: ANA.pn, fromMe: true, id: "3EB0F00D" },
      messageTimestamp: T,
      message: {
        protocolMessage: { key: { remoteJid: ANA.pn, fromMe: true, id: "3EB0BEEF" }, type: REVOKE },
      },
    },
    expected: fromAna("3EB0F00D", {
      type: "message_revoke",
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
      sender: self,
      target: { messageId: "3EB0BEEF", fromMe: true, participant: null },
    }),
  },
  {
    name: "edit of a text (editedMessage wrapper)",
    msg: {
      key: anaKey("3A0105"),
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        editedMessage: {
          message: {
            protocolMessage: {
              key: { remoteJid: ANA.lid, fromMe: true, id: "3A0098" },
              type: MESSAGE_EDIT,
              editedMessage: { conversation: "texto corrigido" },
              timestampMs: T * 1000,
            },
          },
        },
      },
    },
    expected: fromAna("3A0105", {
      type: "message_edit",
      content: { text: "texto corrigido" },
      target: { messageId: "3A0098", fromMe: false, participant: null },
    }),
  },
  {
    name: "edit of a caption in a group",
    msg: {
      key: brunoKey("3A0106"),
      messageTimestamp: T,
      pushName: "Bruno",
      message: {
        protocolMessage: {
          key: { remoteJid: GROUP, fromMe: true, id: "3A0097", participant: BRUNO.lid },
          type: MESSAGE_EDIT,
          editedMessage: { imageMessage: { caption: "nova legenda" } },
        },
      },
    },
    expected: fromBruno("3A0106", {
      type: "message_edit",
      content: { text: "nova legenda" },
      target: { messageId: "3A0097", fromMe: false, participant: BRUNO.pn },
    }),
  },
];

describe("mapMessage: reactions, edits and revokes", () => {
  it.each(rows)("$name", ({ msg, expected }) => {
    expect(mapMessage(msg, ctx)).toStrictEqual({ message: expected });
  });
});
