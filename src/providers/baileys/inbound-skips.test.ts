import { proto, type WAMessage } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { mapMessage } from "./inbound-messages.js";
import { ANA, BRUNO, ctx, fromAna, GROUP, SELF, T } from "./testing/inbound-fixtures.js";

const { StubType } = proto.WebMessageInfo;
const { Type } = proto.Message.ProtocolMessage;
const anaKey = { remoteJid: ANA.lid, remoteJidAlt: ANA.pn, fromMe: false, id: "3A0300" };
const selfKey = { remoteJid: SELF.pn, fromMe: true, id: "3EB0SYNC01" };

const rows: { name: string; msg: WAMessage; skip: string }[] = [
  {
    name: "undecryptable placeholder (its content comes later under the same id)",
    msg: {
      key: anaKey,
      messageTimestamp: T,
      messageStubType: StubType.CIPHERTEXT,
      messageStubParameters: ["Message absent from node"],
    },
    skip: "stub:CIPHERTEXT",
  },
  {
    name: "group notice stub (the group event comes from group-participants.update)",
    msg: {
      key: {
        remoteJid: GROUP,
        fromMe: false,
        id: "3A0301",
        participant: BRUNO.lid,
        participantAlt: BRUNO.pn,
      },
      messageTimestamp: T,
      messageStubType: StubType.GROUP_PARTICIPANT_ADD,
      messageStubParameters: [JSON.stringify({ id: ANA.lid, phoneNumber: ANA.pn })],
    },
    skip: "stub:GROUP_PARTICIPANT_ADD",
  },
  {
    name: "missed call stub (the call event comes from `call`)",
    msg: { key: anaKey, messageTimestamp: T, messageStubType: StubType.CALL_MISSED_VOICE },
    skip: "stub:CALL_MISSED_VOICE",
  },
  {
    name: "sender key distribution only",
    msg: {
      key: { remoteJid: GROUP, fromMe: false, id: "3A0302", participant: BRUNO.lid },
      messageTimestamp: T,
      message: {
        senderKeyDistributionMessage: {
          groupId: GROUP,
          axolotlSenderKeyDistributionMessage: new Uint8Array([51, 8]),
        },
      },
    },
    skip: "no_content",
  },
  {
    name: "message context info only",
    msg: {
      key: anaKey,
      messageTimestamp: T,
      message: { messageContextInfo: { deviceListMetadataVersion: 2 } },
    },
    skip: "no_content",
  },
  {
    name: "no message at all",
    msg: { key: anaKey, messageTimestamp: T },
    skip: "no_content",
  },
  {
    name: "history sync notification from our phone",
    msg: {
      key: selfKey,
      messageTimestamp: T,
      message: {
        protocolMessage: {
          type: Type.HISTORY_SYNC_NOTIFICATION,
          historySyncNotification: {
            fileLength: 2048,
            syncType: proto.Message.HistorySyncType.RECENT,
          },
        },
      },
    },
    skip: "protocol:HISTORY_SYNC_NOTIFICATION",
  },
  {
    name: "app state sync key share",
    msg: {
      key: selfKey,
      messageTimestamp: T,
      message: {
        protocolMessage: {
          type: Type.APP_STATE_SYNC_KEY_SHARE,
          appStateSyncKeyShare: { keys: [] },
        },
      },
    },
    skip: "protocol:APP_STATE_SYNC_KEY_SHARE",
  },
  {
    name: "disappearing-messages setting",
    msg: {
      key: anaKey,
      messageTimestamp: T,
      message: { protocolMessage: { type: Type.EPHEMERAL_SETTING, ephemeralExpiration: 604800 } },
    },
    skip: "protocol:EPHEMERAL_SETTING",
  },
  {
    name: "a key without an id",
    msg: { key: { remoteJid: ANA.lid, fromMe: false }, message: { conversation: "?" } },
    skip: "no_key",
  },
  {
    name: "a group message without its author",
    msg: { key: { remoteJid: GROUP, fromMe: false, id: "3A0303" }, message: { conversation: "?" } },
    skip: "no_participant",
  },
  {
    name: "a kind ponte has no type for",
    msg: {
      key: anaKey,
      messageTimestamp: T,
      message: { eventMessage: { name: "Churrasco", startTime: T + 86400, isCanceled: false } },
    },
    skip: "unsupported:eventMessage",
  },
  {
    name: "a reaction that names no message",
    msg: { key: anaKey, messageTimestamp: T, message: { reactionMessage: { text: "❤️" } } },
    skip: "no_target",
  },
  {
    name: "a vote for a poll this connection never saw",
    msg: {
      key: anaKey,
      messageTimestamp: T,
      message: {
        pollUpdateMessage: {
          pollCreationMessageKey: { remoteJid: ANA.lid, fromMe: true, id: "3EB0P011" },
          vote: { encPayload: new Uint8Array(16), encIv: new Uint8Array(12) },
        },
      },
    },
    skip: "poll_vote_unknown_poll",
  },
];

describe("mapMessage: what is no message", () => {
  it.each(rows)("$name → $skip", ({ msg, skip }) => {
    expect(mapMessage(msg, ctx)).toStrictEqual({ skip });
  });

  it("keeps no state: the decrypted copy after a CIPHERTEXT placeholder maps", () => {
    const placeholder: WAMessage = {
      key: anaKey,
      messageTimestamp: T,
      messageStubType: StubType.CIPHERTEXT,
    };
    const real: WAMessage = {
      key: anaKey,
      messageTimestamp: T,
      pushName: "Ana",
      message: { conversation: "oi" },
    };
    expect(mapMessage(placeholder, ctx)).toStrictEqual({ skip: "stub:CIPHERTEXT" });
    expect(mapMessage(real, ctx)).toStrictEqual({
      message: fromAna("3A0300", { content: { text: "oi" } }),
    });
  });
});
