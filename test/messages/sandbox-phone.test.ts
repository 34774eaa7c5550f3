import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import {
  connectedInstance,
  inbound,
  openWs,
  waitFor,
  wsUrl,
  type Body,
  type WsClient,
} from "../events/support/helpers.js";

describe("the sandbox phone (docs/sandbox.md)", () => {
  let server: TestServer;
  let inst: { name: string; token: string; id: string; accountToken: string };
  let ws: WsClient;
  const call = (method: string, path: string, body?: unknown) =>
    server.request<Body>(method, path, { token: inst.token, body });
  const eventOf = (id: string) =>
    waitFor(() => ws.frames.find((f) => f.data.id === id), `event ${id}`);

  beforeAll(async () => {
    server = await startTestServer();
    inst = await connectedInstance(server, { websocketEnabled: true });
    ws = await openWs(wsUrl(server, `/ws/${inst.name}?token=${inst.token}`));
  });
  afterAll(async () => {
    await ws.close();
    await server.close();
  });

  it("a group message names the group and its participant", async () => {
    const sent = await inbound(server, inst, {
      from: "5511900001111",
      pushName: "Ana",
      group: "120363024567890123@g.us",
      groupName: "Equipe",
      text: "oi grupo",
      mentions: ["5500000000001"],
    });
    const frame = await eventOf(sent.messageId);
    expect(frame.data.message).toMatchObject({
      chat: { jid: "120363024567890123@g.us", type: "group", name: "Equipe", phone: null },
      sender: { jid: "5511900001111@s.whatsapp.net", name: "Ana" },
      mentions: ["5500000000001@s.whatsapp.net"],
    });
  });

  it("an @lid sender carries its phone when WhatsApp reveals it, and only the LID otherwise", async () => {
    const mapped = await inbound(server, inst, {
      from: "123456789012345@lid",
      phone: "5511900002222",
      text: "a",
    });
    expect((await eventOf(mapped.messageId)).data.message.sender).toEqual({
      jid: "5511900002222@s.whatsapp.net",
      phone: "5511900002222",
      lid: "123456789012345@lid",
      name: "",
    });
    const hidden = await inbound(server, inst, {
      from: "999888777666555@lid",
      pushName: "Hidden",
      text: "b",
    });
    expect((await eventOf(hidden.messageId)).data.message.chat).toMatchObject({
      jid: "999888777666555@lid",
      phone: null,
      lid: "999888777666555@lid",
      name: "Hidden",
    });
    // A reply to the LID chat goes out to it.
    const reply = await call("POST", `/api/message/text/${inst.name}`, {
      number: "999888777666555@lid",
      message: "hi",
    });
    expect(reply.body.data.chat.jid).toBe("999888777666555@lid");
  });

  it("replies, reactions, edits and revokes produce the events WhatsApp would", async () => {
    const original = await inbound(server, inst, { from: "5511900003333", text: "first version" });
    const quote = await inbound(server, inst, {
      from: "5511900003333",
      text: "see above",
      replyTo: original.messageId,
    });
    expect((await eventOf(quote.messageId)).data.message.replyTo).toEqual({
      messageId: original.messageId,
      fromMe: false,
      participant: null,
    });
    const reaction = await inbound(server, inst, {
      from: "5511900003333",
      reaction: { messageId: original.messageId, emoji: "❤️" },
    });
    expect((await eventOf(reaction.messageId)).data).toMatchObject({
      type: "reaction",
      message: { content: { reaction: "❤️" }, target: { messageId: original.messageId } },
    });
    const edit = await inbound(server, inst, {
      from: "5511900003333",
      edit: { messageId: original.messageId, text: "second version" },
    });
    expect((await eventOf(edit.messageId)).data).toMatchObject({
      type: "message_edit",
      message: { content: { text: "second version" }, target: { messageId: original.messageId } },
    });
    const revoke = await inbound(server, inst, {
      from: "5511900003333",
      revoke: { messageId: original.messageId },
    });
    expect((await eventOf(revoke.messageId)).data.type).toBe("message_revoke");
    const stored = await call(
      "GET",
      `/api/chat/getMessage/${inst.name}?messageId=${original.messageId}`,
    );
    expect(stored.body.data).toMatchObject({ revoked: true, editedText: "second version" });
  });

  it("a contact cannot revoke a message the instance sent, nor refer to an unknown one", async () => {
    const mine = await call("POST", `/api/message/text/${inst.name}`, {
      number: "5511900003333",
      message: "x",
    });
    const refused = await call("POST", `/api/sandbox/inbound/${inst.name}`, {
      from: "5511900003333",
      revoke: { messageId: mine.body.data.messageId },
    });
    expect(refused.status).toBe(400);
    const unknown = await call("POST", `/api/sandbox/inbound/${inst.name}`, {
      from: "5511900003333",
      replyTo: "NOPE",
      text: "?",
    });
    expect(unknown.status).toBe(404);
    const twoKinds = await call("POST", `/api/sandbox/inbound/${inst.name}`, {
      from: "1234567",
      text: "a",
      revoke: { messageId: "x" },
    });
    expect(twoKinds.status).toBe(400);
  });

  it("receipts become message.status events", async () => {
    const sent = await call("POST", `/api/message/text/${inst.name}`, {
      number: "5511900004444",
      message: "voice?",
    });
    const id = sent.body.data.messageId as string;
    const reply = await call("POST", `/api/sandbox/receipt/${inst.name}`, {
      messageId: id,
      status: "played",
    });
    expect(reply.body).toEqual({
      success: true,
      message: "Receipt delivered",
      data: { messageId: id, status: "played" },
    });
    const frame = await waitFor(
      () => ws.frames.find((f) => f.event === "message.status" && f.data.messageId === id),
      "the receipt",
    );
    expect(frame.data).toMatchObject({
      status: "played",
      statusCode: 5,
      fromMe: true,
      chat: { jid: "5511900004444@s.whatsapp.net" },
    });
    const incoming = await inbound(server, inst, { from: "5511900004444", text: "x" });
    const wrong = await call("POST", `/api/sandbox/receipt/${inst.name}`, {
      messageId: incoming.messageId,
      status: "read",
    });
    expect(wrong.status).toBe(400);
  });

  it("the outbox lists what the instance sent, in order", async () => {
    const before = (await call("GET", `/api/sandbox/outbox/${inst.name}`)).body.outbox
      .length as number;
    const sent = await call("POST", `/api/message/text/${inst.name}`, {
      number: "5511900005555",
      message: "one",
    });
    const id = sent.body.data.messageId as string;
    await call("POST", `/api/message/reaction/${inst.name}`, {
      number: "5511900005555",
      messageId: id,
      reaction: "👍",
      fromMe: true,
    });
    await call("DELETE", `/api/chat/delete/${inst.name}`, {
      messageId: id,
      deleteForEveryone: true,
    });
    const reply = await call("GET", `/api/sandbox/outbox/${inst.name}?after=${before}`);
    expect(reply.body.outbox.map((e: Body) => e.kind)).toEqual(["text", "reaction", "revoke"]);
    expect(reply.body.outbox.map((e: Body) => e.index)).toEqual([
      before + 1,
      before + 2,
      before + 3,
    ]);
  });

  it("sends can be made slow without failing", async () => {
    const faults = await call("POST", `/api/sandbox/faults/${inst.name}`, { sendDelayMs: 20 });
    expect(faults.body.faults).toMatchObject({ sendDelayMs: 20, failNextSends: 0 });
    const sent = await call("POST", `/api/message/text/${inst.name}`, {
      number: "5511900005555",
      message: "slow",
    });
    expect(sent.status).toBe(200);
    await call("POST", `/api/sandbox/faults/${inst.name}`, { sendDelayMs: 0 });
  });

  it("answers 503 for an instance that is not connected", async () => {
    const idle = await server.createInstance(inst.accountToken);
    const reply = await server.request<Body>("POST", `/api/sandbox/inbound/${idle.name}`, {
      token: idle.token,
      body: { from: "5511900006666", text: "hello?" },
    });
    expect(reply.status).toBe(503);
  });

  it("is only for sandbox instances", async () => {
    const store = server.runtime.parts.instanceStore;
    const account = await server.createAccount("Other");
    const record = {
      id: randomUUID(),
      accountId: account.id,
      name: "real-phone",
      provider: "baileys" as const,
      connectionState: "disconnected" as const,
      presenceStatus: "unavailable",
      numberJid: null,
      profile: { name: "", pictureUrl: "", isBusiness: false, businessName: "" },
      hasSession: false,
      tokenSealed: server.runtime.secrets.seal("x"),
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    };
    await store.create(
      {
        record,
        tokenHash: "h",
        settings: await store.getSettings(inst.id),
        proxy: { enabled: false, host: null, port: null, protocol: null, username: null },
        s3: {
          enabled: false,
          region: null,
          bucket: null,
          accessKey: null,
          endpoint: null,
          pathPrefix: null,
        },
      },
      10,
    );
    const reply = await server.request<Body>("GET", "/api/sandbox/outbox/real-phone", {
      token: account.token,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe("This endpoint is only available for sandbox instances");
  });
});
