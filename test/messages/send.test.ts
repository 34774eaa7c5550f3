import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import {
  PNG_1PX,
  connectedInstance,
  inbound,
  openWs,
  waitFor,
  wsUrl,
  type Body,
} from "../events/support/helpers.js";

describe("message endpoints (spec 6.1–6.3)", () => {
  let server: TestServer;
  let inst: { name: string; token: string; id: string; accountToken: string };
  const send = (kind: string, body: unknown, name = inst.name, token = inst.token) =>
    server.request<Body>("POST", `/api/message/${kind}/${name}`, { token, body });
  const outbox = async () =>
    (await server.request<Body>("GET", `/api/sandbox/outbox/${inst.name}`, { token: inst.token }))
      .body.outbox as Body[];

  beforeAll(async () => {
    server = await startTestServer();
    inst = await connectedInstance(server, { websocketEnabled: true });
  });
  afterAll(async () => {
    await server.close();
  });

  it("sends a text: the outbox, the answer and the message.exchange event carry it, with source", async () => {
    const ws = await openWs(wsUrl(server, `/ws/${inst.name}?token=${inst.token}`));
    const reply = await send("text", {
      number: "+55 11 98888-7777",
      message: "Olá",
      source: "crm-42",
      extra: 1,
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      success: true,
      message: "Message sent successfully",
      status: "sent",
      data: {
        direction: "outgoing",
        chat: { jid: "5511988887777@s.whatsapp.net", type: "private" },
        content: { text: "Olá" },
        source: "crm-42",
      },
    });
    const id = reply.body.data.messageId as string;
    const frame = await waitFor(() => ws.frames.find((f) => f.data.id === id), "the event");
    expect(frame.data.message).toMatchObject({
      direction: "outgoing",
      fromMe: true,
      source: "crm-42",
    });
    const last = (await outbox()).at(-1)!;
    expect(last).toMatchObject({
      kind: "text",
      to: "5511988887777@s.whatsapp.net",
      messageId: id,
      text: "Olá",
    });
    await ws.close();
  });

  it("replies to a stored message and refuses an unknown replyTo", async () => {
    const incoming = await inbound(server, inst, { from: "5511977776666", text: "question" });
    const reply = await send("text", {
      number: "5511977776666",
      message: "answer",
      replyTo: incoming.messageId,
    });
    expect(reply.body.data.replyTo).toEqual({ messageId: incoming.messageId });
    expect((await outbox()).at(-1)!.replyTo).toBe(incoming.messageId);
    const unknown = await send("text", { number: "5511977776666", message: "x", replyTo: "NOPE" });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ success: false, error: { message: "Message not found" } });
  });

  it("sends media from base64 with the MIME type detected, and audio as a voice note by default", async () => {
    const image = await send("media", {
      number: "5511966665555",
      mediaType: "image",
      mediaBase64: PNG_1PX,
      message: "caption",
    });
    expect(image.status).toBe(200);
    expect(image.body.message).toBe("Media sent successfully");
    expect(image.body.data).toMatchObject({
      messageType: "image",
      mediaMimeType: "image/png",
      mediaSize: 70,
      content: { text: "caption" },
    });
    const audio = await send("media", {
      number: "5511966665555",
      mediaType: "audio",
      mediaBase64: Buffer.from("OggS fake opus").toString("base64"),
      duration: 3,
    });
    expect(audio.body.data).toMatchObject({
      messageType: "audio",
      mediaMimeType: "audio/ogg",
      mediaDuration: 3,
    });
    expect((await outbox()).at(-1)!.media).toMatchObject({ type: "ptt", mimetype: "audio/ogg" });
    const both = await send("media", {
      number: "5511966665555",
      mediaType: "image",
      mediaUrl: "http://x",
      mediaBase64: PNG_1PX,
    });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toBe("Send either mediaUrl or mediaBase64, not both");
  });

  it("downloads media from a URL", async () => {
    const files = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/pdf" }).end(Buffer.from("%PDF-1.4 test"));
    });
    await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = files.address() as AddressInfo;
      const reply = await send("media", {
        number: "5511966665555",
        mediaType: "document",
        mediaUrl: `http://127.0.0.1:${port}/files/report.pdf`,
      });
      expect(reply.status).toBe(200);
      expect(reply.body.data).toMatchObject({ mediaMimeType: "application/pdf", mediaSize: 13 });
      expect((await outbox()).at(-1)!.media).toMatchObject({
        type: "document",
        fileName: "report.pdf",
      });
    } finally {
      files.close();
    }
  });

  it("reacts and removes a reaction", async () => {
    const incoming = await inbound(server, inst, { from: "5511955554444", text: "nice" });
    const react = await send("reaction", {
      number: "5511955554444",
      messageId: incoming.messageId,
      reaction: "👍",
    });
    expect(react.body).toMatchObject({
      message: "Reaction sent successfully",
      data: { replyTo: { messageId: incoming.messageId }, content: "👍" },
    });
    expect(react.body.data.messageId).not.toBe(incoming.messageId);
    const remove = await send("reaction", {
      number: "5511955554444",
      messageId: incoming.messageId,
      reaction: "remove",
    });
    expect(remove.body).toMatchObject({
      message: "Reaction removed successfully",
      data: { content: "" },
    });
  });

  it("requires participant for a reaction in a group to someone else's unknown message", async () => {
    const reply = await send("reaction", {
      number: "120363024567890123@g.us",
      messageId: "UNKNOWN",
      reaction: "👍",
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ success: false, error: { message: "missing_participant" } });
  });

  it("resolves a Brazilian number to the form that has WhatsApp", async () => {
    // The contact wrote from the old 8-digit form; a send to the 9-digit form reaches it.
    await inbound(server, inst, { from: "551187654321", text: "old number" });
    const reply = await send("text", { number: "5511987654321", message: "hi" });
    expect(reply.body.data.chat.jid).toBe("551187654321@s.whatsapp.net");
  });

  it("mentions in groups, and replies privately to a group message's author", async () => {
    const group = "120363000000000001@g.us";
    const question = await inbound(server, inst, {
      from: "5511900001234",
      group,
      groupName: "Team",
      text: "who can help?",
    });
    const mention = await send("text", {
      number: group,
      message: "@5511900001234 me",
      mention: ["5511900001234"],
      mentionAll: true,
    });
    expect(mention.body.data).toMatchObject({
      chat: { jid: group, type: "group", groupName: "Team" },
      mentions: ["5511900001234@s.whatsapp.net"],
    });
    expect((await outbox()).at(-1)).toMatchObject({ mentionAll: true });
    const privately = await send("text", {
      number: group,
      message: "I can",
      replyTo: question.messageId,
      replyPrivate: true,
    });
    expect(privately.body.data).toMatchObject({
      chat: { jid: "5511900001234@s.whatsapp.net", type: "private" },
      replyTo: { messageId: question.messageId },
    });
  });

  it("answers 400 for a number without WhatsApp", async () => {
    await server.request("POST", `/api/sandbox/faults/${inst.name}`, {
      token: inst.token,
      body: { unknownNumbers: ["5511900009999"] },
    });
    const reply = await send("text", { number: "5511900009999", message: "hi" });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      success: false,
      error: { message: "Number not found on WhatsApp" },
    });
  });

  it("answers 503 when the instance is not connected", async () => {
    const idle = await server.createInstance(inst.accountToken);
    const reply = await send(
      "text",
      { number: "5511900000000", message: "hi" },
      idle.name,
      idle.token,
    );
    expect(reply.status).toBe(503);
    expect(reply.body).toEqual({
      success: false,
      error: { message: "Instance is not connected to WhatsApp" },
    });
  });

  it("maps provider failures: retryable → 503, refused → 500", async () => {
    await server.request("POST", `/api/sandbox/faults/${inst.name}`, {
      token: inst.token,
      body: { failNextSends: 1, failure: "unavailable" },
    });
    const dropped = await send("text", { number: "5511900000001", message: "hi" });
    expect(dropped.status).toBe(503);
    // The documented 503 text, whatever the provider's own reason.
    expect(dropped.body.error.message).toBe("Instance is not connected to WhatsApp");
    await server.request("POST", `/api/sandbox/faults/${inst.name}`, {
      token: inst.token,
      body: { failNextSends: 1, failure: "rejected" },
    });
    const refused = await send("text", { number: "5511900000001", message: "hi" });
    expect(refused.status).toBe(500);
    expect((await send("text", { number: "5511900000001", message: "hi" })).status).toBe(200);
  });

  it("400 for a missing required field; 404 for an unknown instance", async () => {
    const missing = await send("text", { number: "5511900000001" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/^Invalid request body/);
    const unknown = await send("text", { number: "1", message: "x" }, "nope", inst.accountToken);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ success: false, error: { message: "Instance not found" } });
  });

  it("types for `delay` seconds before sending", async () => {
    const before = (await outbox()).length;
    const reply = await send("text", { number: "5511900000002", message: "slowly", delay: 0.05 });
    expect(reply.status).toBe(200);
    const entries = (await outbox()).slice(before);
    expect(entries.map((e) => (e.kind === "presence" ? e.presence : e.kind))).toEqual([
      "composing",
      "paused",
      "text",
    ]);
  });
});
