import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import {
  PNG_1PX,
  connectedInstance,
  inbound,
  openWs,
  startWebhookTarget,
  waitFor,
  wsUrl,
  type Body,
  type WebhookTarget,
} from "./support/helpers.js";

describe("an inbound sandbox message reaches the log, WebSocket clients and webhooks", () => {
  let server: TestServer;
  let target: WebhookTarget;

  beforeAll(async () => {
    server = await startTestServer({ env: { BASE_URL: "https://api.example.com" } });
    target = await startWebhookTarget();
  });
  afterAll(async () => {
    await target.close();
    await server.close();
  });

  it("delivers the same envelope everywhere, with seq and instanceData", async () => {
    const inst = await connectedInstance(server, {
      webhookURL: target.url,
      webhookAuthorization: "Bearer svc-token-xyz",
      webhookEvents: ["message.exchange"],
      websocketEnabled: true,
    });
    const ws = await openWs(wsUrl(server, `/ws/${inst.name}?token=${inst.token}`));
    const sent = await inbound(server, inst, {
      from: "5511987654321",
      pushName: "João Silva",
      text: "Hello",
    });

    const frame = await waitFor(
      () => ws.frames.find((f) => f.event === "message.exchange"),
      "ws frame",
    );
    const delivered = await waitFor(() => target.received[0], "webhook delivery");
    expect(delivered.body).toEqual(frame);
    expect(delivered.headers.authorization).toBe("Bearer svc-token-xyz");
    expect(frame.seq).toBe(sent.seq);
    expect(frame.instanceData).toEqual({
      baseUrl: "https://api.example.com",
      instance: inst.name,
      token: inst.token,
    });
    expect(frame.data).toMatchObject({
      id: sent.messageId,
      type: "text",
      message: {
        id: sent.messageId,
        type: "text",
        direction: "incoming",
        fromMe: false,
        chat: {
          jid: "5511987654321@s.whatsapp.net",
          phone: "5511987654321",
          lid: null,
          name: "João Silva",
          type: "private",
          isCommunity: false,
        },
        sender: { jid: "5511987654321@s.whatsapp.net", phone: "5511987654321", name: "João Silva" },
        content: { text: "Hello" },
      },
    });
    const stored = await server.request<Body>(
      "GET",
      `/api/chat/getMessage/${inst.name}?messageId=${sent.messageId}`,
      { token: inst.token },
    );
    expect(stored.status).toBe(200);
    expect(stored.body.data.content).toEqual({ text: "Hello" });
    await ws.close();
  });

  it("adds media.base64 only on channels with mediaBase64", async () => {
    const inst = await connectedInstance(server, {
      webhookURL: `${target.url}/media`,
      webhookMediaBase64: true,
      websocketEnabled: true,
      websocketMediaBase64: false,
    });
    const ws = await openWs(wsUrl(server, `/ws/${inst.name}?token=${inst.token}`));
    const sent = await inbound(server, inst, {
      from: "5511911112222",
      media: { type: "image", base64: PNG_1PX, caption: "a picture" },
    });
    const frame = await waitFor(
      () => ws.frames.find((f) => f.data.id === sent.messageId),
      "ws frame",
    );
    const hook = await waitFor(
      () => target.received.find((r) => r.body.data?.id === sent.messageId),
      "webhook",
    );
    expect(frame.data.message.media).toMatchObject({
      type: "image",
      mimetype: "image/png",
      size: 70,
    });
    expect(frame.data.message.media.base64).toBeUndefined();
    expect(hook.body.data.message.media.base64).toBe(PNG_1PX);
    expect(hook.body.data.message.content).toEqual({ text: "a picture" });
    await ws.close();
  });
});
