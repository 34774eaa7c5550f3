import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DisconnectReason } from "@whiskeysockets/baileys";
import { FakeWhatsApp } from "../support/fake-baileys.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { waitFor, type Body } from "../events/support/helpers.js";

describe("baileys provider: connection lifecycle", () => {
  let whatsapp: FakeWhatsApp;
  let server: TestServer;
  let account: { token: string };

  beforeAll(async () => {
    whatsapp = new FakeWhatsApp();
    server = await startTestServer({ makeSocket: whatsapp.factory });
    account = await server.createAccount("Acme", 20);
  });
  afterAll(async () => {
    await server.close();
  });

  const state = async (name: string, token: string) => {
    const list = await server.request<Body>("GET", `/api/instance/list?instanceName=${name}`, {
      token,
    });
    return list.body.instances[0].connection as Body;
  };

  const newInstance = () => server.createInstance(account.token, { provider: "baileys" });

  it("answers connect with a QR code once WhatsApp sends one, and rotates it", async () => {
    const inst = await newInstance();
    const made = whatsapp.sockets.length;
    const reply = server.request<Body>("GET", `/api/instance/connect/${inst.name}`, {
      token: inst.token,
    });
    await waitFor(() => whatsapp.sockets.length > made, "a socket");
    await whatsapp.last().emitEvent("connection.update", { qr: "2@first-qr,key,secret" });
    const answer = await reply;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      success: true,
      message: "QR code generated",
      status: "qr",
    });
    expect(answer.body.qrCode).toBe("2@first-qr,key,secret");
    expect(answer.body.qrCodeBase64).toMatch(/^data:image\/png;base64,/);
    expect((await state(inst.name, inst.token)).state).toBe("connecting");

    // WhatsApp rotates the code; a later connect while pairing shows the current one.
    await whatsapp.last().emitEvent("connection.update", { qr: "2@second-qr,key,secret" });
    const again = await server.request<Body>("GET", `/api/instance/connect/${inst.name}`, {
      token: inst.token,
    });
    expect(again.body.qrCode).toBe("2@second-qr,key,secret");
    expect(whatsapp.sockets.length).toBe(made + 1);
  });

  it("becomes connected when the phone scans, with number and profile, credentials saved sealed", async () => {
    const inst = await newInstance();
    const made = whatsapp.sockets.length;
    const reply = server.request("GET", `/api/instance/connect/${inst.name}`, {
      token: inst.token,
    });
    await waitFor(() => whatsapp.sockets.length > made, "a socket");
    const socket = whatsapp.last();
    await socket.emitEvent("connection.update", { qr: "2@qr" });
    await reply;
    await socket.pair("5511999990000", "Support Team");
    await server.runtime.connections.settled(inst.id);
    const connection = await state(inst.name, inst.token);
    expect(connection).toMatchObject({
      state: "connected",
      numberJid: "5511999990000@s.whatsapp.net",
    });
    const list = await server.request<Body>("GET", `/api/instance/list?instanceName=${inst.name}`, {
      token: inst.token,
    });
    expect(list.body.instances[0].profile).toMatchObject({
      name: "Support Team",
      pictureUrl: "https://pps.whatsapp.net/v/t61/me.jpg",
    });
    const rows = await waitFor(async () => {
      const found = await server.runtime.database.db
        .selectFrom("provider_session_items")
        .selectAll()
        .where("instance_id", "=", inst.id)
        .where("category", "=", "creds")
        .execute();
      return found.length > 0 ? found : undefined;
    }, "saved credentials");
    expect(rows[0]!.value_sealed).not.toContain("Support Team");
    const connected = await server.request("GET", `/api/instance/connect/${inst.name}`, {
      token: inst.token,
    });
    expect(connected.body).toMatchObject({ status: "connected" });
  });

  it("issues a pairing code for ?number= instead of a QR", async () => {
    const inst = await newInstance();
    const made = whatsapp.sockets.length;
    const reply = server.request<Body>(
      "GET",
      `/api/instance/connect/${inst.name}?number=%2B5511988887777`,
      { token: inst.token },
    );
    await waitFor(() => whatsapp.sockets.length > made, "a socket");
    await whatsapp.last().emitEvent("connection.update", { qr: "2@qr" });
    const answer = await reply;
    expect(answer.body).toEqual({
      success: true,
      message: "Pairing code generated",
      pairingCode: "ABCD1234",
      status: "pairing",
    });
    expect(whatsapp.last().callsOf("requestPairingCode")).toEqual([["5511988887777"]]);
  });

  it("reconnects by itself with backoff when the network drops", async () => {
    const inst = await newInstance();
    const connected = await connectAndPair(inst);
    await connected.close(DisconnectReason.connectionLost);
    await server.runtime.connections.settled(inst.id);
    expect((await state(inst.name, inst.token)).state).toBe("connecting");
    const next = await waitFor(
      () => (whatsapp.last() !== connected ? whatsapp.last() : undefined),
      "a new socket",
    );
    expect(next.options.auth.creds.registered).toBe(true);
    await next.open();
    await server.runtime.connections.settled(inst.id);
    expect((await state(inst.name, inst.token)).state).toBe("connected");
  });

  it("treats a logout from the phone as logged out: session wiped, no reconnection", async () => {
    const inst = await newInstance();
    const socket = await connectAndPair(inst);
    const made = whatsapp.sockets.length;
    await socket.close(DisconnectReason.loggedOut);
    await server.runtime.connections.settled(inst.id);
    expect((await state(inst.name, inst.token)).state).toBe("loggedout");
    const rows = await server.runtime.database.db
      .selectFrom("provider_session_items")
      .selectAll()
      .where("instance_id", "=", inst.id)
      .execute();
    expect(rows).toEqual([]);
    const reconnect = await server.request("POST", `/api/instance/reconnect/${inst.name}`, {
      token: inst.token,
    });
    expect(reconnect.status).toBe(400);
    expect(whatsapp.sockets.length).toBe(made);
  });

  it("logs out on request: unlinks the device and wipes the session", async () => {
    const inst = await newInstance();
    const socket = await connectAndPair(inst);
    const reply = await server.request("DELETE", `/api/instance/logout/${inst.name}`, {
      token: inst.token,
    });
    expect(reply.body).toMatchObject({ success: true, instance: { status: "loggedout" } });
    expect(socket.callsOf("logout")).toHaveLength(1);
    expect(socket.ended).toBe(true);
    const rows = await server.runtime.database.db
      .selectFrom("provider_session_items")
      .selectAll()
      .where("instance_id", "=", inst.id)
      .execute();
    expect(rows).toEqual([]);
  });

  async function connectAndPair(inst: { name: string; token: string; id: string }) {
    const made = whatsapp.sockets.length;
    const reply = server.request("GET", `/api/instance/connect/${inst.name}`, {
      token: inst.token,
    });
    await waitFor(() => whatsapp.sockets.length > made, "a socket");
    const socket = whatsapp.last();
    await socket.emitEvent("connection.update", { qr: "2@qr" });
    await reply;
    await socket.pair();
    await server.runtime.connections.settled(inst.id);
    return socket;
  }
});

describe("baileys provider: restart", () => {
  it("resumes a paired instance from the database without a QR code", async () => {
    const first = new FakeWhatsApp();
    const server = await startTestServer({ makeSocket: first.factory });
    const account = await server.createAccount();
    const inst = await server.createInstance(account.token, { provider: "baileys" });
    const reply = server.request("GET", `/api/instance/connect/${inst.name}`, {
      token: inst.token,
    });
    await waitFor(() => first.sockets.length > 0, "a socket");
    await first.last().emitEvent("connection.update", { qr: "2@qr" });
    await reply;
    await first.last().pair("5511977776666", "Shop");
    await server.runtime.connections.settled(inst.id);
    await server.close(false);

    const second = new FakeWhatsApp();
    const restarted = await startTestServer({
      makeSocket: second.factory,
      dataDir: server.dataDir,
      ...(server.pgSchema !== undefined ? { pgSchema: server.pgSchema } : {}),
    });
    try {
      const socket = await waitFor(() => second.sockets[0], "a resumed socket");
      expect(socket.options.auth.creds.registered).toBe(true);
      expect(socket.options.auth.creds.me?.id).toBe("5511977776666:7@s.whatsapp.net");
      await socket.open("5511977776666", "Shop");
      await restarted.runtime.connections.settled(inst.id);
      const list = await restarted.request<Body>("GET", "/api/instance/list", {
        token: inst.token,
      });
      expect(list.body.instances[0].connection.state).toBe("connected");
    } finally {
      await restarted.close();
    }
  });
});

describe("baileys provider: WhatsApp unreachable", () => {
  it("reports the failure cleanly, without crashing or leaking", async () => {
    const server = await startTestServer({
      env: { WHATSAPP_WS_URL: "ws://127.0.0.1:9/ws/chat", WHATSAPP_CONNECT_TIMEOUT_MS: "8000" },
    });
    try {
      const account = await server.createAccount();
      const inst = await server.createInstance(account.token, { provider: "baileys" });
      const reply = await server.request<Body>("GET", `/api/instance/connect/${inst.name}`, {
        token: inst.token,
      });
      expect(reply.status).toBe(503);
      expect(reply.body.error.message).toMatch(/^Failed to connect: /);
      const list = await server.request<Body>("GET", "/api/instance/list", { token: inst.token });
      expect(list.body.instances[0].connection.state).toBe("disconnected");
      const health = await server.request("GET", "/health");
      expect(health.status).toBe(200);
      expect(server.log.requestsTo(`/api/instance/connect/${inst.name}`)).not.toHaveLength(0);
      expect(server.log.requestsTo("/api/instance/list")).not.toHaveLength(0);
      expect(server.log.text()).not.toContain(inst.token);
      expect(server.log.text()).not.toContain(account.token);
    } finally {
      await server.close();
    }
  });
});
