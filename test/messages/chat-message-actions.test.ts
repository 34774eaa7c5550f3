/**
 * Chat management (docs/chat.md, ryzeapi-more.md 2) on a chat's messages: history, poll
 * votes, forward, edit and deleteChat; and every chat route's 404 for an unknown instance
 * and 503 for one not connected. Contacts, tags and chat state are in
 * chat-contacts-flags.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inbound, type Body } from "../events/support/helpers.js";
import { TO, TO_JID, error, startChatManage, type ChatManage } from "./chat-manage-setup.js";

describe("chat management (ryzeapi-more.md 2)", () => {
  let server: ChatManage["server"];
  let inst: ChatManage["inst"];
  let idle: ChatManage["idle"];
  let call: ChatManage["call"];
  let lastOutbox: ChatManage["lastOutbox"];

  beforeAll(async () => {
    ({ server, inst, idle, call, lastOutbox } = await startChatManage());
  });
  afterAll(async () => {
    await server.close();
  });

  it("reads a chat's history newest first, with bounds and hasMore", async () => {
    const chatter = "5511977776666";
    for (const text of ["one", "two", "three"])
      await inbound(server, inst, { from: chatter, text });
    const all = await call("POST", "history/{i}", { number: chatter });
    expect(all.body).toMatchObject({
      success: true,
      chat_jid: `${chatter}@s.whatsapp.net`,
      count: 3,
      hasMore: false,
    });
    expect(all.body.messages.map((m: Body) => m.content.text)).toEqual(["three", "two", "one"]);
    const two = await call("POST", "history/{i}", { number: chatter, count: 2 });
    expect(two.body).toMatchObject({ count: 2, hasMore: true });
    const none = await call("POST", "history/{i}", { number: chatter, to: "2000-01-01T00:00:00Z" });
    expect(none.body.count).toBe(0);
    expect(error(await call("POST", "history/{i}", { number: chatter, from: "yesterday" }))).toBe(
      "invalid 'from' date format. Use ISO 8601 format (e.g., '2026-02-16T18:32:39Z')",
    );
    expect(error(await call("POST", "history/{i}", { number: chatter, to: "soon" }))).toMatch(
      /^invalid 'to' date format/,
    );
  });

  it("counts poll votes, a voter's latest vote replacing the earlier", async () => {
    const poll = await server.request<Body>("POST", `/api/message/poll/${inst.name}`, {
      token: inst.token,
      body: { number: TO, question: "Lunch?", options: ["Pizza", "Sushi"] },
    });
    const pollId = poll.body.data.messageId as string;
    await inbound(server, inst, { from: TO, vote: { messageId: pollId, options: ["Pizza"] } });
    await inbound(server, inst, { from: TO, vote: { messageId: pollId, options: ["Sushi"] } });
    await inbound(server, inst, {
      from: "5511966665555",
      vote: { messageId: pollId, options: ["Sushi"] },
    });
    const votes = await call("GET", `poll/{i}?messageId=${pollId}`);
    expect(votes.body).toMatchObject({
      success: true,
      message: "Poll votes retrieved successfully",
      messageId: pollId,
      data: {
        name: "Lunch?",
        votes: [
          { optionName: "Pizza", optionVoteCount: 0 },
          { optionName: "Sushi", optionVoteCount: 2 },
        ],
      },
    });
    expect(votes.body.data.voteDetails[0].optionHash).toMatch(/^[0-9A-F]{64}$/);
    expect(error(await call("GET", "poll/{i}"))).toBe("messageId query parameter is required");
    expect(error(await call("GET", "poll/{i}?messageId=NOPE"))).toBe("Message not found");
  });

  it("forwards text and media, and refuses reactions", async () => {
    const text = await inbound(server, inst, { from: TO, text: "pass it on" });
    const forwarded = await call("POST", "forward/{i}", {
      messageId: text.messageId,
      to: "5511955554444",
    });
    expect(forwarded.body).toMatchObject({
      success: true,
      message: "Message forwarded successfully",
      originalId: text.messageId,
      destinationJid: "5511955554444@s.whatsapp.net",
    });
    expect(await lastOutbox()).toMatchObject({
      kind: "forward",
      messageId: forwarded.body.messageId,
      content: { kind: "text", text: "pass it on" },
    });
    const image = await inbound(server, inst, {
      from: TO,
      media: { type: "image", base64: "iVBORw0KGgo=", caption: "pic" },
    });
    await call("POST", "forward/{i}", { messageId: image.messageId, to: "5511955554444" });
    expect((await lastOutbox()).content).toMatchObject({
      kind: "media",
      mediaType: "image",
      caption: "pic",
    });
    const reaction = await inbound(server, inst, {
      from: TO,
      reaction: { messageId: text.messageId, emoji: "👍" },
    });
    const refused = await call("POST", "forward/{i}", { messageId: reaction.messageId, to: TO });
    expect(refused.status).toBe(500);
    expect(error(refused)).toBe("unsupported message type for forwarding: reaction");
    expect(error(await call("POST", "forward/{i}", { messageId: "NOPE", to: TO }))).toBe(
      "Instance not found or message not found",
    );
    expect(error(await call("POST", "forward/{i}", { to: TO }))).toBe(
      "messageId is required or to is required",
    );
  });

  it("edits a text this instance sent, and refuses others' messages", async () => {
    const sent = await server.request<Body>("POST", `/api/message/text/${inst.name}`, {
      token: inst.token,
      body: { number: TO, message: "helo" },
    });
    const id = sent.body.data.messageId as string;
    const edited = await call("POST", "edit/{i}", { messageId: id, content: "hello" });
    expect(edited.body).toEqual({
      success: true,
      message: "Message edited successfully",
      messageId: id,
      chatJid: TO_JID,
      oldContent: "helo",
      newContent: "hello",
    });
    expect(await lastOutbox()).toMatchObject({
      kind: "edit",
      text: "hello",
      target: { messageId: id },
    });
    expect(
      (await call("POST", "edit/{i}", { messageId: id, content: "hello!" })).body.oldContent,
    ).toBe("hello");
    const got = await server.request<Body>(
      "GET",
      `/api/chat/getMessage/${inst.name}?messageId=${id}`,
      {
        token: inst.token,
      },
    );
    expect(got.body.data.editedText).toBe("hello!");
    const theirs = await inbound(server, inst, { from: TO, text: "mine" });
    expect(
      error(await call("POST", "edit/{i}", { messageId: theirs.messageId, content: "x" })),
    ).toBe("message contains too old to edit or can only edit");
    expect(error(await call("POST", "edit/{i}", { content: "x" }))).toBe("messageId is required");
    expect(error(await call("POST", "edit/{i}", { messageId: id }))).toBe("content is required");
  });

  it("deletes a chat, with its stored media when asked", async () => {
    const chatter = "5511944443333";
    const image = await inbound(server, inst, {
      from: chatter,
      media: { type: "image", base64: "iVBORw0KGgo=" },
    });
    const plain = await call("DELETE", "deleteChat/{i}", { number: chatter });
    expect(plain.body).toEqual({
      success: true,
      message: "Chat deleted successfully",
      chat_jid: `${chatter}@s.whatsapp.net`,
      delete_media: false,
    });
    const media = await call("DELETE", "deleteChat/{i}", { number: chatter, deleteMedia: true });
    expect(media.body.message).toBe("Chat deleted successfully (including media)");
    const base64 = await server.request<Body>(
      "GET",
      `/api/chat/base64/${inst.name}?messageId=${image.messageId}`,
      {
        token: inst.token,
      },
    );
    expect(base64.status).toBe(404);
    expect(error(await call("DELETE", "deleteChat/{i}", {}))).toBe("Number is required");
  });

  it("answers 404 for an unknown instance and 503 when not connected", async () => {
    const cases: [string, string, unknown][] = [
      ["GET", "contacts/{i}", undefined],
      ["GET", "tag/{i}", undefined],
      ["POST", "tag/{i}", { name: "x" }],
      ["DELETE", "tag/{i}?tagId=1", undefined],
      ["POST", "assignTag/{i}", { number: TO, tagId: "1" }],
      ["DELETE", `assignTag/{i}?number=${TO}&tagId=1`, undefined],
      ["GET", "contactsByLabel/{i}?refresh=true", undefined],
      ["POST", "archive/{i}", { number: TO }],
      ["POST", "pin/{i}", { number: TO }],
      ["POST", "favorite/{i}", { number: TO }],
      ["POST", "mute/{i}", { number: TO }],
      ["POST", "block/{i}", { number: TO }],
      ["POST", "presence/{i}", { number: TO, state: "typing" }],
      ["POST", "history/{i}", { number: TO }],
      ["GET", "poll/{i}?messageId=X", undefined],
      ["POST", "forward/{i}", { messageId: "X", to: TO }],
      ["POST", "edit/{i}", { messageId: "X", content: "y" }],
      ["DELETE", "deleteChat/{i}", { number: TO }],
    ];
    for (const [method, route, body] of cases) {
      const unknown = await call(method, route, body, "nope", inst.accountToken);
      expect(unknown.status, `${method} ${route}`).toBe(404);
      expect(error(unknown)).toBe("Instance not found");
      const down = await call(method, route, body, idle.name, idle.token);
      expect(down.status, `${method} ${route}`).toBe(503);
      expect(error(down)).toBe("Instance is not connected to WhatsApp");
    }
    const synced = await call("GET", "contactsByLabel/{i}", undefined, idle.name, idle.token);
    expect(synced.status).toBe(200);
  });
});
