import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proto, type WAMessage } from "@whiskeysockets/baileys";
import { FakeWhatsApp, messageEvents, type FakeSocket } from "../support/fake-baileys.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { waitFor, type Body } from "../events/support/helpers.js";

const CUSTOMER = "5511988887777";
const CUSTOMER_JID = `${CUSTOMER}@s.whatsapp.net`;
const CUSTOMER_LID = "112233445566778@lid";

function incomingText(
  id: string,
  text: string,
  overrides: Partial<WAMessage["key"]> = {},
): WAMessage {
  return {
    key: { remoteJid: CUSTOMER_JID, fromMe: false, id, ...overrides },
    message: { conversation: text },
    messageTimestamp: 1_795_000_000,
    pushName: "Maria",
  };
}

describe("baileys provider: messages through the API", () => {
  let whatsapp: FakeWhatsApp;
  let server: TestServer;
  let inst: { name: string; token: string; id: string };
  let socket: FakeSocket;

  const storedEvents = () => messageEvents(server, inst.id);

  beforeAll(async () => {
    whatsapp = new FakeWhatsApp();
    server = await startTestServer({ makeSocket: whatsapp.factory });
    const account = await server.createAccount();
    inst = await server.createInstance(account.token, {
      provider: "baileys",
      autoReadMessages: true,
    });
    const reply = server.request("GET", `/api/instance/connect/${inst.name}`, {
      token: inst.token,
    });
    await waitFor(() => whatsapp.sockets.length > 0, "a socket");
    socket = whatsapp.last();
    await socket.emitEvent("connection.update", { qr: "2@qr" });
    await reply;
    await socket.pair("5511999990000", "Support");
    socket.registeredNumbers.add(CUSTOMER);
    await server.runtime.connections.settled(inst.id);
  });
  afterAll(async () => {
    await server.close();
  });

  it("records an inbound text once, even when Baileys delivers it as append then notify", async () => {
    const message = incomingText("3A0000000000000001", "Olá, preciso de ajuda");
    await socket.emitEvent("messages.upsert", { messages: [message], type: "append" });
    await socket.emitEvent("messages.upsert", { messages: [message], type: "notify" });
    await server.runtime.connections.settled(inst.id);
    const stored = (await storedEvents()).filter((e) => e.message_id === "3A0000000000000001");
    expect(stored).toHaveLength(1);
    const got = await server.request<Body>(
      "GET",
      `/api/chat/getMessage/${inst.name}?messageId=3A0000000000000001`,
      { token: inst.token },
    );
    expect(got.status).toBe(200);
    expect(JSON.stringify(got.body)).toContain("Olá, preciso de ajuda");
  });

  it("records a message arriving under the LID and the phone JID once", async () => {
    const viaLid = incomingText("3A0000000000000002", "same message", {
      remoteJid: CUSTOMER_LID,
      remoteJidAlt: CUSTOMER_JID,
    });
    const viaPhone = incomingText("3A0000000000000002", "same message");
    await socket.emitEvent("messages.upsert", { messages: [viaLid], type: "notify" });
    await socket.emitEvent("messages.upsert", { messages: [viaPhone], type: "notify" });
    await server.runtime.connections.settled(inst.id);
    const stored = (await storedEvents()).filter((e) => e.message_id === "3A0000000000000002");
    expect(stored).toHaveLength(1);
    const data = JSON.parse(stored[0]!.data) as Body;
    expect(data.message.chat).toMatchObject({
      jid: CUSTOMER_JID,
      phone: CUSTOMER,
      lid: CUSTOMER_LID,
    });
  });

  it("marks inbound messages read when autoReadMessages is on", async () => {
    await socket.emitEvent("messages.upsert", {
      messages: [incomingText("3A0000000000000003", "please read me")],
      type: "notify",
    });
    await server.runtime.connections.settled(inst.id);
    const reads = socket.callsOf("readMessages").flat(2) as { id: string }[];
    expect(reads.map((key) => key.id)).toContain("3A0000000000000003");
  });

  it("sends text through Baileys and records it once with its source", async () => {
    const reply = await server.request<Body>("POST", `/api/message/text/${inst.name}`, {
      token: inst.token,
      body: { number: CUSTOMER, message: "Claro! Como posso ajudar?", source: "crm" },
    });
    expect(reply.status).toBe(200);
    const id = reply.body.data.messageId as string;
    const [jid, content] = socket.callsOf("sendMessage").at(-1)!;
    expect(jid).toBe(CUSTOMER_JID);
    expect(content).toMatchObject({ text: "Claro! Como posso ajudar?" });
    // WhatsApp echoes the send back; it must not be recorded twice.
    await socket.emitEvent("messages.upsert", {
      messages: [
        {
          key: { remoteJid: CUSTOMER_JID, fromMe: true, id },
          message: { conversation: "Claro! Como posso ajudar?" },
          messageTimestamp: 1_795_000_100,
        },
      ],
      type: "append",
    });
    await server.runtime.connections.settled(inst.id);
    const stored = (await storedEvents()).filter((e) => e.message_id === id);
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0]!.data)).toMatchObject({
      message: { direction: "outgoing", source: "crm" },
    });
  });

  it("sends under a caller-chosen id once: a repeat does not reach WhatsApp", async () => {
    const body = { number: CUSTOMER, message: "uma vez", messageId: "3EB0C0FFEE00000001" };
    const first = await server.request<Body>("POST", `/api/message/text/${inst.name}`, {
      token: inst.token,
      body,
    });
    expect(first.status).toBe(200);
    const calls = socket.callsOf("sendMessage").length;
    expect(socket.callsOf("sendMessage").at(-1)![2]).toMatchObject({
      messageId: "3EB0C0FFEE00000001",
    });
    const again = await server.request<Body>("POST", `/api/message/text/${inst.name}`, {
      token: inst.token,
      body,
    });
    expect(again.body.data.messageId).toBe("3EB0C0FFEE00000001");
    expect(socket.callsOf("sendMessage")).toHaveLength(calls);
  });

  it("refuses a number that has no WhatsApp with a 400 and sends nothing", async () => {
    const before = socket.callsOf("sendMessage").length;
    const reply = await server.request<Body>("POST", `/api/message/text/${inst.name}`, {
      token: inst.token,
      body: { number: "5511900001111", message: "hello" },
    });
    expect(reply.status).toBe(400);
    expect(socket.callsOf("sendMessage")).toHaveLength(before);
  });

  it("sends media as a voice note by default for audio", async () => {
    const reply = await server.request<Body>("POST", `/api/message/media/${inst.name}`, {
      token: inst.token,
      body: {
        number: CUSTOMER,
        mediaType: "audio",
        mediaBase64: Buffer.from("OggS fake audio").toString("base64"),
        mimeType: "audio/ogg",
      },
    });
    expect(reply.status).toBe(200);
    const [, content] = socket.callsOf("sendMessage").at(-1)!;
    expect(content).toMatchObject({ ptt: true, mimetype: "audio/ogg" });
    expect(Buffer.isBuffer((content as { audio: unknown }).audio)).toBe(true);
  });

  it("reacts and revokes through Baileys", async () => {
    const reaction = await server.request("POST", `/api/message/reaction/${inst.name}`, {
      token: inst.token,
      body: { number: CUSTOMER, messageId: "3A0000000000000001", reaction: "👍" },
    });
    expect(reaction.status).toBe(200);
    const [, react] = socket.callsOf("sendMessage").at(-1)!;
    expect(react).toMatchObject({
      react: { text: "👍", key: { id: "3A0000000000000001", fromMe: false } },
    });
    const sent = await server.request<Body>("POST", `/api/message/text/${inst.name}`, {
      token: inst.token,
      body: { number: CUSTOMER, message: "oops" },
    });
    const revoke = await server.request("DELETE", `/api/chat/delete/${inst.name}`, {
      token: inst.token,
      body: { messageId: sent.body.data.messageId, deleteForEveryone: true },
    });
    expect(revoke.status).toBe(200);
    const [, del] = socket.callsOf("sendMessage").at(-1)!;
    expect(del).toMatchObject({ delete: { id: sent.body.data.messageId, fromMe: true } });
  });

  it("turns WhatsApp receipts into message.status and chat/status", async () => {
    const sent = await server.request<Body>("POST", `/api/message/text/${inst.name}`, {
      token: inst.token,
      body: { number: CUSTOMER, message: "read me" },
    });
    const id = sent.body.data.messageId as string;
    await socket.emitEvent("messages.update", [
      {
        key: { remoteJid: CUSTOMER_JID, fromMe: true, id },
        update: { status: proto.WebMessageInfo.Status.READ },
      },
    ]);
    await server.runtime.connections.settled(inst.id);
    const status = await server.request<Body>(
      "GET",
      `/api/chat/status/${inst.name}?messageId=${id}`,
      { token: inst.token },
    );
    expect(status.body).toMatchObject({ status: "read", status_code: 4, direction: "sent" });
  });

  it("keeps an inbound image whose download fails, without its bytes", async () => {
    await socket.emitEvent("messages.upsert", {
      messages: [
        {
          key: { remoteJid: CUSTOMER_JID, fromMe: false, id: "3A0000000000000009" },
          message: {
            imageMessage: {
              mimetype: "image/jpeg",
              caption: "foto",
              fileLength: 1234,
              url: "https://mmg.whatsapp.net/fake",
              mediaKey: new Uint8Array(32),
              directPath: "/fake",
            },
          },
          messageTimestamp: 1_795_000_200,
        },
      ],
      type: "notify",
    });
    await server.runtime.connections.settled(inst.id);
    const stored = (await storedEvents()).find((e) => e.message_id === "3A0000000000000009");
    expect(JSON.parse(stored!.data)).toMatchObject({
      message: {
        type: "image",
        content: { text: "foto" },
        media: { mimetype: "image/jpeg", size: 1234 },
      },
    });
    expect(server.log.text()).toContain("media download failed");
  });

  it("rejects calls with the configured message when autoRejectCalls is on", async () => {
    // Settings apply to the live connection at once; keepOnlineStatus sets the presence now.
    await server.request("POST", `/api/instance/settings/${inst.name}`, {
      token: inst.token,
      body: {
        autoRejectCalls: true,
        callRejectMessage: "Não atendemos ligações",
        keepOnlineStatus: true,
      },
    });
    expect(socket.callsOf("sendPresenceUpdate").at(-1)).toEqual(["available", undefined]);
    const next = socket;
    await next.emitEvent("call", [
      {
        chatId: CUSTOMER_JID,
        from: CUSTOMER_JID,
        id: "CALL1",
        date: new Date(),
        offline: false,
        status: "offer",
        isVideo: false,
        isGroup: false,
      },
    ]);
    await server.runtime.connections.settled(inst.id);
    expect(next.callsOf("rejectCall")).toEqual([["CALL1", CUSTOMER_JID]]);
    const [, content] = next.callsOf("sendMessage").at(-1)!;
    expect(content).toEqual({ text: "Não atendemos ligações" });
  });
});
