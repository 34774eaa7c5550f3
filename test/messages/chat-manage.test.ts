import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { connectedInstance, inbound, type Body } from "../events/support/helpers.js";

const TO = "5511988887777";
const TO_JID = `${TO}@s.whatsapp.net`;

describe("chat management (ryzeapi-more.md 2)", () => {
  let server: TestServer;
  let inst: { name: string; token: string; id: string; accountToken: string };
  let idle: { name: string; token: string };
  const call = (
    method: string,
    route: string,
    body?: unknown,
    name = inst.name,
    token = inst.token,
  ) => server.request<Body>(method, `/api/chat/${route.replace("{i}", name)}`, { token, body });
  const lastOutbox = async () => {
    const reply = await server.request<Body>("GET", `/api/sandbox/outbox/${inst.name}`, {
      token: inst.token,
    });
    return (reply.body.outbox as Body[]).at(-1)!;
  };
  const error = (reply: { body: Body }) => reply.body.error?.message as string;

  beforeAll(async () => {
    server = await startTestServer();
    inst = await connectedInstance(server);
    idle = await server.createInstance(inst.accountToken);
    await inbound(server, inst, { from: TO, pushName: "Maria", text: "hello" });
  });
  afterAll(async () => {
    await server.close();
  });

  it("lists the address book and contacts that wrote; one contact by number", async () => {
    const saved = await server.request<Body>("POST", `/api/sandbox/contacts/${inst.name}`, {
      token: inst.token,
      body: { contacts: [{ number: "5511911112222", fullName: "Ana Souza", firstName: "Ana" }] },
    });
    expect(saved.status).toBe(200);
    const all = await call("GET", "contacts/{i}");
    expect(all.body).toMatchObject({
      success: true,
      message: "Contacts retrieved successfully",
      total: 2,
    });
    expect(all.body.contacts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          jid: "5511911112222@s.whatsapp.net",
          full_name: "Ana Souza",
          found: true,
        }),
        expect.objectContaining({
          jid: TO_JID,
          push_name: "Maria",
          redacted_phone: "+5511*****7777",
        }),
      ]),
    );
    const one = await call("GET", "contacts/{i}?number=+55 11 91111-2222");
    expect(one.body.contact).toMatchObject({ first_name: "Ana", found: true });
    const stranger = await call("GET", "contacts/{i}?number=5511900000009");
    expect(stranger.status).toBe(200);
    expect(stranger.body.contact).toMatchObject({
      jid: "5511900000009@s.whatsapp.net",
      found: false,
    });
  });

  it("creates, lists, assigns, filters, unassigns and deletes tags", async () => {
    const created = await call("POST", "tag/{i}", { name: "  VIP  ", color: 5 });
    expect(created.body).toEqual({
      success: true,
      message: "Tag created successfully",
      tag: { id: "1", name: "VIP", color: 5, type: "CUSTOM", deleted: false },
    });
    const other = await call("POST", "tag/{i}", { name: "Support", color: 42 });
    expect(other.body.tag).toMatchObject({ id: "2", color: 0 });
    expect(error(await call("POST", "tag/{i}", { color: 1 }))).toBe("Tag name is required");
    const list = await call("GET", "tag/{i}");
    expect(list.body).toMatchObject({ message: "Tags retrieved successfully", total: 2 });

    const assigned = await call("POST", "assignTag/{i}", { number: TO, tagId: "1" });
    expect(assigned.body).toEqual({
      success: true,
      message: "Tag assigned successfully",
      tag_id: "1",
      chat_jid: TO_JID,
    });
    await call("POST", "assignTag/{i}", { number: TO, tagId: 2 });
    expect(error(await call("POST", "assignTag/{i}", { number: TO, tagId: "9" }))).toBe(
      "Tag not found",
    );
    expect(error(await call("POST", "assignTag/{i}", { tagId: "1" }))).toBe("Number is required");
    expect(error(await call("POST", "assignTag/{i}", { number: TO }))).toBe("tagId is required");

    const byName = await call("GET", "contactsByLabel/{i}?labelNames=vip");
    expect(byName.body).toMatchObject({
      total_chats: 1,
      total_rows: 1,
      refreshed: false,
      filter_label_ids: ["1"],
      chats: [{ chat_jid: TO_JID, labels: [{ id: "1", name: "VIP" }] }],
    });
    const every = await call("GET", "contactsByLabel/{i}");
    expect(every.body).toMatchObject({ total_chats: 1, total_rows: 2 });

    const removed = await call("DELETE", `assignTag/{i}?number=${TO}&tagId=2`);
    expect(removed.body).toMatchObject({ message: "Tag removed successfully", tag_id: "2" });
    expect(error(await call("DELETE", "assignTag/{i}?tagId=2"))).toBe(
      "number query parameter is required",
    );
    expect(error(await call("DELETE", `assignTag/{i}?number=${TO}`))).toBe(
      "tagId query parameter is required",
    );

    const deleted = await call("DELETE", "tag/{i}?tagId=1");
    expect(deleted.body).toEqual({
      success: true,
      message: "Tag deleted successfully",
      tag: { id: "1", name: "", color: 0, type: "", deleted: true },
    });
    expect(error(await call("DELETE", "tag/{i}?tagId=1"))).toBe("Tag not found");
    expect(error(await call("DELETE", "tag/{i}"))).toBe("tagId query parameter is required");
    expect((await call("GET", "contactsByLabel/{i}")).body.total_chats).toBe(0);
  });

  it("records label changes as label.update events", async () => {
    // Events are recorded after the calls answer: wait for those already emitted.
    await server.runtime.connections.settled(inst.id);
    const rows = await server.runtime.database.db
      .selectFrom("events")
      .select(["data"])
      .where("instance_id", "=", inst.id)
      .where("event", "=", "label.update")
      .orderBy("seq")
      .execute();
    const actions = rows.map((row) => JSON.parse(row.data).action);
    expect(actions).toEqual(["edit", "edit", "add", "add", "remove", "delete"]);
  });

  it("archives, pins (at most 3), mutes, blocks and favourites", async () => {
    const archived = await call("POST", "archive/{i}", { number: TO, archive: true });
    expect(archived.body).toEqual({
      success: true,
      message: "Chat archived successfully",
      chat_jid: TO_JID,
      archived: true,
    });
    expect(await lastOutbox()).toMatchObject({
      kind: "chat",
      action: "archive",
      to: TO_JID,
      details: { value: true },
    });
    expect((await call("POST", "archive/{i}", { number: TO, archive: false })).body.message).toBe(
      "Chat unarchived successfully",
    );
    expect(error(await call("POST", "archive/{i}", {}))).toBe("Number is required");

    for (const n of ["5511900000001", "5511900000002", "5511900000003"]) {
      expect((await call("POST", "pin/{i}", { number: n, pin: true })).body.message).toBe(
        "Chat pinned successfully",
      );
    }
    const fourth = await call("POST", "pin/{i}", { number: TO, pin: true });
    expect(fourth.status).toBe(500);
    expect(error(fourth)).toBe("Failed to pin chat: WhatsApp allows at most 3 pinned chats");
    expect(
      (await call("POST", "pin/{i}", { number: "5511900000001", pin: false })).body,
    ).toMatchObject({
      message: "Chat unpinned successfully",
      pinned: false,
    });

    const eight = await call("POST", "mute/{i}", { number: TO, mute: true, duration: "8 hours" });
    expect(eight.body).toMatchObject({
      message: "Chat muted for 8 hours",
      muted: true,
      duration: 28800,
    });
    expect(
      (await call("POST", "mute/{i}", { number: TO, mute: true, duration: "1w" })).body,
    ).toMatchObject({
      message: "Chat muted for 1 week",
      duration: 604800,
    });
    expect((await call("POST", "mute/{i}", { number: TO, mute: true })).body.message).toBe(
      "Chat muted permanently",
    );
    expect((await call("POST", "mute/{i}", { number: TO, mute: false })).body).toMatchObject({
      message: "Chat notifications unmuted successfully",
      duration: 0,
    });
    expect(
      error(await call("POST", "mute/{i}", { number: TO, mute: true, duration: "3 days" })),
    ).toMatch(/^Invalid duration: 3 days/);

    const blocked = await call("POST", "block/{i}", { number: TO, block: true });
    expect(blocked.body).toEqual({
      success: true,
      message: "Contact blocked successfully",
      contact_jid: TO_JID,
      blocked_count: 1,
      blocked: true,
    });
    expect((await call("POST", "block/{i}", { number: TO, block: false })).body.blocked_count).toBe(
      0,
    );

    const chat = await call("POST", "favorite/{i}", { number: TO, favorite: true });
    expect(chat.body).toMatchObject({ type: "chat", chat_jid: TO_JID, favorite: true });
    const incoming = await inbound(server, inst, { from: TO, text: "star me" });
    const message = await call("POST", "favorite/{i}", {
      number: TO,
      messageId: incoming.messageId,
      favorite: true,
    });
    expect(message.body).toMatchObject({
      type: "message",
      message_id: incoming.messageId,
      chat_jid: TO_JID,
    });
    expect(error(await call("POST", "favorite/{i}", { favorite: true }))).toBe(
      "Either number or messageId is required",
    );
    expect(error(await call("POST", "favorite/{i}", { messageId: "NOPE" }))).toBe(
      "Message not found",
    );
  });

  it("sends presence with the documented states and errors", async () => {
    const typing = await call("POST", "presence/{i}", {
      number: TO,
      state: "TYPING",
      duration: 90,
    });
    expect(typing.body).toMatchObject({ chat_jid: TO_JID, state: "typing", duration: 60 });
    expect(await lastOutbox()).toMatchObject({
      kind: "presence",
      presence: "composing",
      to: TO_JID,
    });
    expect((await call("POST", "presence/{i}", { number: TO, state: "paused" })).body.state).toBe(
      "pause",
    );
    expect(error(await call("POST", "presence/{i}", { number: TO }))).toBe(
      "State is required. Use 'typing', 'recording', or 'pause'",
    );
    expect(error(await call("POST", "presence/{i}", { number: TO, state: "dancing" }))).toBe(
      "Invalid state. Use 'typing', 'recording', or 'pause'",
    );
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
