import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./test-support.js";
import { request, seedConversation, startHarness } from "./test-support.js";

describe("messages (NOTES §e)", () => {
  let h: Harness;
  let inboxId: number;
  beforeAll(async () => {
    h = await startHarness({
      limits: { maxAttachmentBytes: 1024, maxAttachments: 3, conversationMessagesPerMinute: 30 },
    });
    inboxId = (await h.admin("POST", "inboxes", { name: "WA", channel: { type: "api" } })).body.id;
  });
  afterAll(() => h.close());

  const conversation = async () => (await seedConversation(h.admin, { inboxId })).conversationId;
  const post = (id: number, body: unknown) => h.admin("POST", `conversations/${id}/messages`, body);

  it("creates outgoing messages (the default) with an INTEGER message_type and the user as sender", async () => {
    const id = await conversation();
    const res = await post(id, { content: "Hi!", echo_id: "e-1" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      content: "Hi!",
      inbox_id: inboxId,
      echo_id: "e-1",
      conversation_id: id,
      message_type: 1,
      content_type: "text",
      status: "sent",
      content_attributes: {},
      private: false,
      source_id: null,
      sender: { id: h.emulator.accounts[0]!.admin.id, type: "user", available_name: "Maria" },
    });
    expect(res.body).not.toHaveProperty("attachments");
  });

  it("creates incoming messages in API inboxes with the contact as sender; private notes too", async () => {
    const id = await conversation();
    const incoming = await post(id, {
      content: "from the customer",
      message_type: "incoming",
      source_id: "wamid.1",
    });
    expect(incoming.body).toMatchObject({
      message_type: 0,
      source_id: "wamid.1",
      sender: { type: "contact" },
    });
    const note = await post(id, { content: "internal", private: true });
    expect(note.body).toMatchObject({ private: true, message_type: 1 });
  });

  it("stores source_id but never de-duplicates", async () => {
    const id = await conversation();
    const a = await post(id, { content: "dup", message_type: "incoming", source_id: "same" });
    const b = await post(id, { content: "dup", message_type: "incoming", source_id: "same" });
    expect(a.body.id).not.toBe(b.body.id);
    expect(
      (await h.admin("GET", `conversations/${id}/messages`)).body.payload.filter(
        (m: { source_id: string }) => m.source_id === "same",
      ),
    ).toHaveLength(2);
  });

  it("resolves content_attributes.in_reply_to (object or JSON string) to the external id", async () => {
    const id = await conversation();
    const original = await post(id, {
      content: "q",
      message_type: "incoming",
      source_id: "wamid.orig",
    });
    const reply = await post(id, {
      content: "a",
      content_attributes: { in_reply_to: original.body.id },
    });
    expect(reply.body.content_attributes).toEqual({
      in_reply_to: original.body.id,
      in_reply_to_external_id: "wamid.orig",
    });
    const byExternal = await post(id, {
      content: "b",
      content_attributes: JSON.stringify({ in_reply_to_external_id: "wamid.orig" }),
    });
    expect(byExternal.body.content_attributes).toEqual({
      in_reply_to: original.body.id,
      in_reply_to_external_id: "wamid.orig",
    });
    const unknown = await post(id, { content: "c", content_attributes: { in_reply_to: 987654 } });
    expect(unknown.body.content_attributes).toEqual({
      in_reply_to: null,
      in_reply_to_external_id: null,
    });
  });

  it("422 {error} for invalid enums", async () => {
    const id = await conversation();
    expect((await post(id, { content: "x", message_type: "shouting" })).body).toEqual({
      error: "'shouting' is not a valid message_type",
    });
    expect((await post(id, { content: "x", content_type: "hologram" })).body).toEqual({
      error: "'hologram' is not a valid content_type",
    });
  });

  it("accepts multipart attachments[] and serves them through ActiveStorage-style redirects", async () => {
    const id = await conversation();
    const form = new FormData();
    form.append("content", "see photo");
    form.append("message_type", "outgoing");
    form.append("private", "false");
    form.append(
      "attachments[]",
      new Blob([Buffer.from("PNGDATA")], { type: "image/png" }),
      "photo.png",
    );
    form.append(
      "attachments[]",
      new Blob([Buffer.from("%PDF")], { type: "application/pdf" }),
      "doc.pdf",
    );
    const res = await post(id, form);
    expect(res.status).toBe(200);
    expect(res.body.private).toBe(false);
    expect(res.body.attachments).toHaveLength(2);
    expect(res.body.attachments[0]).toMatchObject({
      file_type: "image",
      extension: "png",
      file_size: 7,
      message_id: res.body.id,
      account_id: 1,
    });
    expect(res.body.attachments[1]).toMatchObject({
      file_type: "file",
      extension: "pdf",
      thumb_url: "",
    });
    const redirect = await request(res.body.attachments[0].data_url as string);
    expect(redirect.status).toBe(302);
    const file = await fetch(res.body.attachments[0].data_url as string);
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe("PNGDATA");
    expect(file.headers.get("content-type")).toBe("image/png");
  });

  it("enforces the attachment count and size limits", async () => {
    const id = await conversation();
    const many = new FormData();
    for (let i = 0; i < 4; i += 1)
      many.append("attachments[]", new Blob(["x"], { type: "text/plain" }), `f${i}.txt`);
    expect((await post(id, many)).body).toEqual({
      error: "Validation failed: Attachments exceeded maximum allowed",
    });
    const big = new FormData();
    big.append("attachments[]", new Blob([Buffer.alloc(1025)], { type: "video/mp4" }), "big.mp4");
    const res = await post(id, big);
    expect([res.status, res.body]).toEqual([
      422,
      { error: "Validation failed: Attachments file size is too big" },
    ]);
  });

  it("lists messages oldest first, 20 a page with before/after", async () => {
    const id = await conversation();
    const ids: number[] = [];
    for (let i = 0; i < 25; i += 1)
      ids.push((await post(id, { content: `m${i}`, message_type: "incoming" })).body.id);
    const latest = await h.admin("GET", `conversations/${id}/messages`);
    expect(latest.body.payload.map((m: { id: number }) => m.id)).toEqual(ids.slice(5));
    expect(latest.body.meta).toMatchObject({
      labels: [],
      additional_attributes: {},
      contact: { type: "contact" },
    });
    const older = await h.admin("GET", `conversations/${id}/messages?before=${ids[5]!}`);
    expect(older.body.payload.map((m: { id: number }) => m.id)).toEqual(ids.slice(0, 5));
    const newer = await h.admin("GET", `conversations/${id}/messages?after=${ids[22]!}`);
    expect(newer.body.payload.map((m: { id: number }) => m.id)).toEqual(ids.slice(23));
  });

  it("PATCHes status (delivered/read/failed + external_error) with StatusUpdateService's rules", async () => {
    const id = await conversation();
    const msg = await post(id, { content: "out" });
    const url = `conversations/${id}/messages/${msg.body.id as number}`;
    expect((await h.admin("PATCH", url, { status: "delivered" })).body.status).toBe("delivered");
    expect((await h.admin("PATCH", url, { status: "read" })).body.status).toBe("read");
    expect((await h.admin("PATCH", url, { status: "delivered" })).body.status).toBe("read");
    expect((await h.admin("PATCH", url, { status: "bogus" })).body.status).toBe("read");
    const failed = await h.admin("PATCH", url, {
      status: "failed",
      external_error: "131047: re-engagement window",
    });
    expect(failed.body).toMatchObject({
      status: "failed",
      content_attributes: { external_error: "131047: re-engagement window" },
    });
    const sent = await h.admin("PATCH", url, { status: "sent" });
    expect(sent.body).toMatchObject({
      status: "sent",
      content_attributes: { external_error: null },
    });
  });

  it("soft-deletes a message", async () => {
    const id = await conversation();
    const form = new FormData();
    form.append("content", "secret");
    form.append("attachments[]", new Blob(["a"], { type: "image/jpeg" }), "a.jpg");
    const msg = await post(id, form);
    const res = await h.admin("DELETE", `conversations/${id}/messages/${msg.body.id as number}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: msg.body.id,
      content: "This message was deleted",
      content_type: "text",
      content_attributes: { deleted: true },
    });
    expect(res.body).not.toHaveProperty("attachments");
  });

  it("retries a failed message", async () => {
    const id = await conversation();
    const msg = await post(id, { content: "again" });
    const url = `conversations/${id}/messages/${msg.body.id as number}`;
    await h.admin("PATCH", url, { status: "failed", external_error: "boom" });
    const res = await h.admin("POST", `${url}/retry`);
    expect(res.body).toMatchObject({ status: "sent", content_attributes: {} });
  });

  it("an incoming message reopens a resolved conversation (with an activity message)", async () => {
    const id = await conversation();
    await h.admin("POST", `conversations/${id}/toggle_status`, { status: "resolved" });
    await post(id, { content: "I'm back", message_type: "incoming" });
    expect((await h.admin("GET", `conversations/${id}`)).body.status).toBe("open");
    const activities = h.emulator.control
      .messages({ conversationId: id })
      .filter((m) => m.message_type === 2);
    expect(activities.map((m) => m.content)).toEqual([
      "Conversation was marked resolved by Maria",
      "System reopened the conversation due to a new incoming message.",
    ]);
  });

  it("refuses message floods per conversation (CONVERSATION_MESSAGE_PER_MINUTE_LIMIT)", async () => {
    const id = await conversation();
    for (let i = 0; i < 30; i += 1)
      await post(id, { content: `burst ${i}`, message_type: "incoming" });
    const res = await post(id, { content: "one too many", message_type: "incoming" });
    expect([res.status, res.body]).toEqual([
      422,
      { error: "Validation failed: Too many messages" },
    ]);
  });

  it("sets first_reply_created_at on the first human reply and tracks waiting_since", async () => {
    const id = await conversation();
    const before = (await h.admin("GET", `conversations/${id}`)).body;
    expect(before.first_reply_created_at).toBe(0);
    await post(id, { content: "agent reply" });
    const after = (await h.admin("GET", `conversations/${id}`)).body;
    expect(after.first_reply_created_at).toBeGreaterThan(0);
    expect(after.waiting_since).toBe(0);
    await post(id, { content: "customer again", message_type: "incoming" });
    expect((await h.admin("GET", `conversations/${id}`)).body.waiting_since).toBeGreaterThan(0);
  });
});
