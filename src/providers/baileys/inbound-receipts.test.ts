import {
  proto,
  type MessageUserReceiptUpdate,
  type WAMessageUpdate,
} from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import type { Chat, ReceiptStatus } from "../../contracts/events.js";
import type { ProviderEvent } from "../provider.js";
import { receiptsFromMessageUpdates, receiptsFromUserReceipts } from "./inbound-events.js";
import {
  ANA,
  BRUNO,
  CARLA,
  ctx,
  GROUP,
  groupChat,
  ISO,
  NOW,
  SELF,
  T,
} from "./testing/inbound-fixtures.js";

const { Status } = proto.WebMessageInfo;
const anaLidChat: Chat = {
  jid: ANA.lid,
  phone: null,
  lid: ANA.lid,
  name: "",
  type: "private",
  isCommunity: false,
};
const NOW_ISO = NOW.toISOString();

function receipt(
  messageId: string,
  status: ReceiptStatus,
  fromMe: boolean,
  chat: Chat,
  participant: string | null,
  timestamp = ISO,
): ProviderEvent {
  return { kind: "receipt", receipt: { messageId, status, fromMe, chat, participant, timestamp } };
}

describe("receipts from messages.update", () => {
  const ours = { remoteJid: ANA.lid, fromMe: true, id: "3EB0R001" };
  const theirs = { remoteJid: ANA.lid, fromMe: false, id: "3A0R0002" };
  const rows: { name: string; update: WAMessageUpdate; expected: ProviderEvent[] }[] = [
    {
      name: "server ack",
      update: { key: ours, update: { status: Status.SERVER_ACK, messageTimestamp: T } },
      expected: [receipt("3EB0R001", "sent", true, anaLidChat, null)],
    },
    {
      name: "delivered",
      update: { key: ours, update: { status: Status.DELIVERY_ACK, messageTimestamp: T } },
      expected: [receipt("3EB0R001", "delivered", true, anaLidChat, null)],
    },
    {
      name: "read by the contact",
      update: { key: ours, update: { status: Status.READ, messageTimestamp: T } },
      expected: [receipt("3EB0R001", "read", true, anaLidChat, null)],
    },
    {
      name: "played by the contact",
      update: { key: ours, update: { status: Status.PLAYED, messageTimestamp: T } },
      expected: [receipt("3EB0R001", "played", true, anaLidChat, null)],
    },
    {
      name: "read on our phone",
      update: { key: theirs, update: { status: Status.READ, messageTimestamp: T } },
      expected: [receipt("3A0R0002", "read_self", false, anaLidChat, null)],
    },
    {
      name: "played on our phone",
      update: { key: theirs, update: { status: Status.PLAYED, messageTimestamp: T } },
      expected: [receipt("3A0R0002", "played_self", false, anaLidChat, null)],
    },
    {
      name: "pending, without a time",
      update: { key: ours, update: { status: Status.PENDING } },
      expected: [receipt("3EB0R001", "pending", true, anaLidChat, null, NOW_ISO)],
    },
    {
      name: "refused by the server",
      update: {
        key: { remoteJid: ANA.pn, fromMe: true, id: "3EB0R003" },
        update: { status: Status.ERROR, messageStubParameters: ["479"] },
      },
      expected: [
        receipt(
          "3EB0R003",
          "error",
          true,
          {
            jid: ANA.pn,
            phone: "5511987654321",
            lid: null,
            name: "",
            type: "private",
            isCommunity: false,
          },
          null,
          NOW_ISO,
        ),
      ],
    },
    {
      name: "an edit (the upsert carries it)",
      update: {
        key: theirs,
        update: { message: { editedMessage: { message: { conversation: "x" } } } },
      },
      expected: [],
    },
    {
      name: "a revoke (the upsert carries it)",
      update: {
        key: theirs,
        update: { message: null, messageStubType: proto.WebMessageInfo.StubType.REVOKE },
      },
      expected: [],
    },
  ];
  it.each(rows)("$name", ({ update, expected }) => {
    expect(receiptsFromMessageUpdates([update], ctx)).toStrictEqual(expected);
  });
});

describe("receipts from message-receipt.update (groups)", () => {
  const key = { remoteJid: GROUP, fromMe: true, id: "3EB0G001" };
  const rows: { name: string; update: MessageUserReceiptUpdate; expected: ProviderEvent[] }[] = [
    {
      name: "delivered to a member",
      update: { key, receipt: { userJid: BRUNO.pn, receiptTimestamp: T } },
      expected: [receipt("3EB0G001", "delivered", true, groupChat, BRUNO.pn)],
    },
    {
      name: "read by a member known by LID",
      update: { key, receipt: { userJid: CARLA.lid, readTimestamp: T } },
      expected: [receipt("3EB0G001", "read", true, groupChat, CARLA.pn)],
    },
    {
      name: "played by a member",
      update: { key, receipt: { userJid: BRUNO.lid, playedTimestamp: T } },
      expected: [receipt("3EB0G001", "played", true, groupChat, BRUNO.lid)],
    },
    {
      name: "read by us on the phone",
      update: { key: { ...key, fromMe: false }, receipt: { userJid: SELF.lid, readTimestamp: T } },
      expected: [receipt("3EB0G001", "read_self", false, groupChat, SELF.pn)],
    },
    { name: "no time at all", update: { key, receipt: { userJid: BRUNO.pn } }, expected: [] },
  ];
  it.each(rows)("$name", ({ update, expected }) => {
    expect(receiptsFromUserReceipts([update], ctx)).toStrictEqual(expected);
  });
});
