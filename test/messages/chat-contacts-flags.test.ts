/**
 * Chat management (docs/chat.md, ryzeapi-more.md 2) for contacts and chat state: the
 * address book, tags and their label.update events, archive, pin, mute, block, favourite
 * and presence. History, polls, forward, edit, deleteChat and the route guards are in
 * chat-message-actions.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inbound, type Body } from "../events/support/helpers.js";
import { TO, TO_JID, error, startChatManage, type ChatManage } from "./chat-manage-setup.js";

describe("chat management (ryzeapi-more.md 2)", () => {
  let server: ChatManage["server"];
  let inst: ChatManage["inst"];
  let call: ChatManage["call"];
  let lastOutbox: ChatManage["lastOutbox"];

  beforeAll(async () => {
    ({ server, inst, call, lastOutbox } = await startChatManage());
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
});
