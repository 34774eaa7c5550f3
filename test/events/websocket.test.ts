import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import {
  PNG_1PX,
  connectedInstance,
  inbound,
  openWs,
  refusal,
  waitFor,
  wsUrl,
  type Body,
} from "./support/helpers.js";

const BRIDGE_TOKEN = "bridge-service-token-for-tests-0001";

describe("WebSocket configuration and streams (spec 5.3)", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      // A peer has a whole heartbeat to answer a ping before it is dropped as gone: at
      // 50 ms, a loaded machine's test process answered late and lost its stream.
      env: { WS_HEARTBEAT_MS: "1000", BRIDGE_URL: "http://127.0.0.1:9", BRIDGE_TOKEN },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const configure = (inst: { name: string; token: string }, body: unknown) =>
    server.request<Body>("POST", `/api/events/websocket/${inst.name}`, { token: inst.token, body });
  const read = (inst: { name: string; token: string }) =>
    server.request<Body>("GET", `/api/events/getWebsocket/${inst.name}`, { token: inst.token });

  it("configures, reads and disables, with the literal shapes", async () => {
    const inst = await connectedInstance(server);
    const missing = await read(inst);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      success: false,
      error: { message: "WebSocket not configured for this instance" },
    });

    const set = await configure(inst, {
      enabled: true,
      events: ["message.status", "message.exchange"],
    });
    expect(set.body).toEqual({
      success: true,
      message: "WebSocket configured successfully",
      websocket: {
        enabled: true,
        events: ["message.status", "message.exchange"],
        mediaBase64: false,
      },
    });
    expect((await read(inst)).body).toEqual({
      success: true,
      message: "WebSocket configuration retrieved",
      websocket: {
        enabled: true,
        events: ["message.status", "message.exchange"],
        mediaBase64: false,
      },
    });
    await configure(inst, { enabled: false });
    expect((await read(inst)).body.websocket).toEqual({
      enabled: false,
      events: [],
      mediaBase64: false,
    });

    const bad = await server.request<Body>("POST", `/api/events/websocket/${inst.name}`, {
      token: inst.token,
      body: "{not json",
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ success: false, error: { message: "Invalid request body" } });
  });

  it("takes the inline websocket* fields at creation and shows the summary in the list", async () => {
    const account = await server.createAccount();
    const created = await server.request<Body>("POST", "/api/instance/new", {
      token: account.token,
      body: {
        name: "inline-ws",
        provider: "sandbox",
        websocketEnabled: true,
        websocketEvents: ["instance.state"],
        websocketMediaBase64: true,
      },
    });
    const expected = { enabled: true, events: ["instance.state"], mediaBase64: true };
    expect(created.body.websocket).toEqual(expected);
    const list = await server.request<Body>("GET", "/api/instance/list", { token: account.token });
    expect(list.body.instances[0].websocket).toEqual(expected);
    const plain = await server.createInstance(account.token);
    const again = await server.request<Body>(
      "GET",
      `/api/instance/list?instanceName=${plain.name}`,
      {
        token: account.token,
      },
    );
    expect(again.body.instances[0].websocket).toEqual({
      enabled: false,
      events: [],
      mediaBase64: false,
    });
  });

  it("refuses the upgrade with 400 before switching protocols when not enabled", async () => {
    const inst = await connectedInstance(server);
    const refused = await refusal(wsUrl(server, `/ws/${inst.name}?token=${inst.token}`));
    expect(refused).toEqual({
      status: 400,
      body: {
        success: false,
        error: {
          message: `WebSocket is not enabled for this instance. Configure it first using POST /api/events/websocket/${inst.name}`,
        },
      },
    });
    expect((await refusal(wsUrl(server, `/ws/${inst.name}`))).status).toBe(401);
    expect((await refusal(wsUrl(server, `/ws/${inst.name}`), { token: "nope" })).status).toBe(401);
  });

  it("filters events and sends heartbeat pings", async () => {
    const inst = await connectedInstance(server, {
      websocketEnabled: true,
      websocketEvents: ["message.status"],
    });
    const ws = await openWs(wsUrl(server, `/ws/${inst.name}`), { token: inst.token });
    const sent = await server.request<Body>("POST", `/api/message/text/${inst.name}`, {
      token: inst.token,
      body: { number: "5511900000010", message: "hi" },
    });
    await server.request("POST", `/api/sandbox/receipt/${inst.name}`, {
      token: inst.token,
      body: { messageId: sent.body.data.messageId, status: "delivered" },
    });
    const frame = await waitFor(() => ws.frames[0], "a status frame");
    expect(frame.event).toBe("message.status");
    expect(frame.data).toMatchObject({
      messageId: sent.body.data.messageId,
      status: "delivered",
      statusCode: 2,
    });
    expect(ws.frames.every((f) => f.event === "message.status")).toBe(true);
    await waitFor(() => ws.pings >= 2, "heartbeat pings");
    await ws.close();
  });

  it("resumes with ?after=SEQ: every event exactly once, in order", async () => {
    const inst = await connectedInstance(server, {
      websocketEnabled: true,
      websocketEvents: ["message.exchange"],
    });
    const first = await openWs(wsUrl(server, `/ws/${inst.name}?token=${inst.token}`));
    for (const text of ["1", "2", "3"])
      await inbound(server, inst, { from: "5511900000011", text });
    await waitFor(() => first.frames.length === 3, "three frames");
    const lastSeen = first.frames[1]!.seq as number;
    await first.close();

    // While nobody listens, more happens.
    for (const text of ["4", "5"]) await inbound(server, inst, { from: "5511900000011", text });
    const second = await openWs(
      wsUrl(server, `/ws/${inst.name}?token=${inst.token}&after=${lastSeen}`),
    );
    await inbound(server, inst, { from: "5511900000011", text: "6" });
    await waitFor(() => second.frames.length === 4, "four frames");
    expect(second.frames.map((f) => f.data.message.content.text)).toEqual(["3", "4", "5", "6"]);
    const seqs = second.frames.map((f) => f.seq as number);
    expect(new Set(seqs).size).toBe(4);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(seqs[0]).toBeGreaterThan(lastSeen);
    await second.close();

    expect(
      (await refusal(wsUrl(server, `/ws/${inst.name}?token=${inst.token}&after=x`))).status,
    ).toBe(400);
  });

  it("closes streams with 4404 when the instance is deleted", async () => {
    const inst = await connectedInstance(server, { websocketEnabled: true });
    const ws = await openWs(wsUrl(server, `/ws/${inst.name}?token=${inst.token}`));
    const deleted = await server.request("DELETE", `/api/instance/delete/${inst.name}`, {
      token: inst.accountToken,
    });
    expect(deleted.status).toBe(200);
    expect(await ws.closed).toEqual({ code: 4404, reason: "instance deleted" });
  });

  it("adds media.base64 when the WebSocket config asks for it", async () => {
    const inst = await connectedInstance(server, {
      websocketEnabled: true,
      websocketMediaBase64: true,
    });
    const ws = await openWs(wsUrl(server, `/ws/${inst.name}?token=${inst.token}`));
    await inbound(server, inst, {
      from: "5511900000012",
      media: { type: "image", base64: PNG_1PX },
    });
    const frame = await waitFor(
      () => ws.frames.find((f) => f.event === "message.exchange"),
      "a frame",
    );
    expect(frame.data.message.media.base64).toBe(PNG_1PX);
    await ws.close();
  });

  describe("/ws/chatwoot/:instance (the bridge's stream)", () => {
    it("streams every event to BRIDGE_TOKEN, naming the instance by its global id", async () => {
      const inst = await connectedInstance(server);
      const before = await inbound(server, inst, { from: "5511900000013", text: "early" });
      const ws = await openWs(wsUrl(server, `/ws/chatwoot/${inst.id}?after=0`), {
        authorization: `Bearer ${BRIDGE_TOKEN}`,
      });
      const frame = await waitFor(
        () => ws.frames.find((f) => f.data.id === before.messageId),
        "the backlog",
      );
      expect(frame.instanceData.instance).toBe(inst.name);
      expect(ws.frames[0]!.event).toBe("instance.state");
      const seqs = ws.frames.map((f) => f.seq as number);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      await ws.close();
    });

    it("refuses every other token with 401", async () => {
      const inst = await connectedInstance(server);
      const url = wsUrl(server, `/ws/chatwoot/${inst.id}`);
      expect((await refusal(url)).status).toBe(401);
      expect((await refusal(url, { token: inst.token })).body).toEqual({
        success: false,
        error: { message: "Invalid token" },
      });
      expect((await refusal(url, { token: inst.accountToken })).status).toBe(401);
      expect(
        (await refusal(wsUrl(server, "/ws/chatwoot/unknown-id"), { token: BRIDGE_TOKEN })).status,
      ).toBe(404);
    });

    it("the bridge sends as any instance with BRIDGE_TOKEN, and its source comes back", async () => {
      const inst = await connectedInstance(server);
      const ws = await openWs(wsUrl(server, `/ws/chatwoot/${inst.id}?token=${BRIDGE_TOKEN}`));
      const reply = await server.request<Body>("POST", `/api/message/text/${inst.id}`, {
        token: BRIDGE_TOKEN,
        body: { number: "5511900000014", message: "from an agent", source: "chatwoot" },
      });
      expect(reply.status).toBe(200);
      const frame = await waitFor(
        () => ws.frames.find((f) => f.data.id === reply.body.data.messageId),
        "the agent's message on the stream",
      );
      expect(frame.data.message).toMatchObject({ fromMe: true, source: "chatwoot" });
      await ws.close();
    });

    it("is not registered without BRIDGE_URL and BRIDGE_TOKEN", async () => {
      const plain = await startTestServer();
      try {
        const reply = await plain.request("GET", "/ws/chatwoot/anything", { token: BRIDGE_TOKEN });
        expect(reply.status).toBe(404);
      } finally {
        await plain.close();
      }
    });
  });
});
