import { createHash, randomBytes } from "node:crypto";
import { aesEncryptGCM, hmacSign, proto, type WAMessage } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { mapMessage, type MessageContext } from "./inbound-messages.js";
import { pollSecretOf, type PollSecret } from "./inbound-polls.js";
import {
  ANA,
  ana,
  BRUNO,
  ctx,
  fromBruno,
  GROUP,
  self,
  SELF,
  T,
} from "./testing/inbound-fixtures.js";

const SECRET = new Uint8Array(32).fill(9);
const POLL_ID = "3A0400POLL";
const OPTIONS = ["Japonês", "Pizza", "Self-service"];

const pollMessage: WAMessage = {
  key: {
    remoteJid: GROUP,
    fromMe: false,
    id: POLL_ID,
    participant: BRUNO.lid,
    participantAlt: BRUNO.pn,
  },
  messageTimestamp: T,
  pushName: "Bruno",
  message: {
    messageContextInfo: { messageSecret: SECRET },
    pollCreationMessageV3: {
      name: "Almoço onde?",
      options: OPTIONS.map((optionName) => ({ optionName })),
      selectableOptionsCount: 0,
    },
  },
};

/** A vote encrypted as a WhatsApp client does (what Baileys' decryptPollVote undoes). */
function encryptVote(choices: string[], creatorJid: string, voterJid: string, secret = SECRET) {
  const sign = Buffer.concat([
    Buffer.from(POLL_ID),
    Buffer.from(creatorJid),
    Buffer.from(voterJid),
    Buffer.from("Poll Vote"),
    new Uint8Array([1]),
  ]);
  const key = hmacSign(sign, hmacSign(secret, new Uint8Array(32)));
  const selectedOptions = choices.map((name) => createHash("sha256").update(name).digest());
  const plaintext = proto.Message.PollVoteMessage.encode({ selectedOptions }).finish();
  const encIv = randomBytes(12);
  const encPayload = aesEncryptGCM(
    plaintext,
    key,
    encIv,
    Buffer.from(`${POLL_ID}\u0000${voterJid}`),
  );
  return { encPayload, encIv };
}

function voteFromAna(vote: proto.Message.IPollEncValue): WAMessage {
  return {
    key: {
      remoteJid: GROUP,
      fromMe: false,
      id: "3A0401",
      participant: ANA.lid,
      participantAlt: ANA.pn,
    },
    messageTimestamp: T,
    pushName: "Ana",
    message: {
      pollUpdateMessage: {
        // Baileys' cleanMessage already turned the key to our viewpoint.
        pollCreationMessageKey: {
          remoteJid: GROUP,
          fromMe: false,
          id: POLL_ID,
          participant: BRUNO.lid,
        },
        vote,
        senderTimestampMs: T * 1000,
      },
    },
  };
}

function withPoll(poll: PollSecret | null): MessageContext {
  return { ...ctx, findPoll: (id) => (poll !== null && id === poll.messageId ? poll : null) };
}

const secret = pollSecretOf(pollMessage, ctx);

describe("poll votes", () => {
  it("keeps what decrypting the poll's votes needs", () => {
    expect(secret).toStrictEqual({
      messageId: POLL_ID,
      name: "Almoço onde?",
      options: OPTIONS,
      encKey: SECRET,
      creatorJids: [BRUNO.pn, BRUNO.lid],
    });
    expect(
      pollSecretOf(
        { key: { remoteJid: GROUP, id: "x" }, message: { conversation: "no poll" } },
        ctx,
      ),
    ).toBeNull();
  });

  const rows = [
    {
      name: "signed with phone JIDs (as Baileys signs)",
      creator: BRUNO.pn,
      voter: ANA.pn,
      choices: ["Pizza"],
    },
    {
      name: "signed with LIDs",
      creator: BRUNO.lid,
      voter: ANA.lid,
      choices: ["Japonês", "Self-service"],
    },
    { name: "a withdrawn vote (no option)", creator: BRUNO.pn, voter: ANA.pn, choices: [] },
  ];

  it.each(rows)("decrypts a vote $name", ({ creator, voter, choices }) => {
    const vote = voteFromAna(encryptVote(choices, creator, voter));
    expect(mapMessage(vote, withPoll(secret))).toStrictEqual({
      message: fromBruno("3A0401", {
        type: "poll_vote",
        sender: ana,
        content: { vote: { pollName: "Almoço onde?", options: choices } },
        target: { messageId: POLL_ID, fromMe: false, participant: BRUNO.pn },
      }),
    });
  });

  it("decrypts our own vote, sent from the phone, on our own poll", () => {
    const own: PollSecret = { ...secret!, creatorJids: [SELF.pn, SELF.lid] };
    const msg: WAMessage = {
      key: { remoteJid: GROUP, fromMe: true, id: "3EB0V0TE", participant: SELF.lid },
      messageTimestamp: T,
      message: {
        pollUpdateMessage: {
          pollCreationMessageKey: { remoteJid: GROUP, fromMe: true, id: POLL_ID },
          vote: encryptVote(["Pizza"], SELF.pn, SELF.pn),
        },
      },
    };
    expect(mapMessage(msg, withPoll(own))).toStrictEqual({
      message: fromBruno("3EB0V0TE", {
        type: "poll_vote",
        direction: "outgoing",
        fromMe: true,
        sender: self,
        content: { vote: { pollName: "Almoço onde?", options: ["Pizza"] } },
        target: { messageId: POLL_ID, fromMe: true, participant: SELF.pn },
      }),
    });
  });

  it("skips a vote the poll's key does not open", () => {
    const vote = voteFromAna(encryptVote(["Pizza"], BRUNO.pn, ANA.pn, new Uint8Array(32).fill(1)));
    expect(mapMessage(vote, withPoll(secret))).toStrictEqual({ skip: "poll_vote_undecryptable" });
  });
});
