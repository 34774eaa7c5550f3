/**
 * The server side of the manager: its stream (token as a subprotocol, never echoed;
 * every event without a WebSocket configuration; `?after=` resumption), the session
 * route, the webhook test delivery, and the page's assets.
 */
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/platform/logger.js";
import { createHttpServer } from "../../src/platform/http/server.js";
import { loadAssets } from "../../src/api/manager/manager-assets.js";
import { registerManagerPage } from "../../src/api/manager/manager-page-routes.js";
import { startTestServer, type TestServer } from "../support/server.js";
import {
  connectedInstance,
  inbound,
  startWebhookTarget,
  waitFor,
  wsUrl,
  type Body,
  type WebhookTarget,
} from "../events/support/helpers.js";

const tokenProtocol = (token: string) =>
  `ponte.token.${Buffer.from(token, "utf8").toString("base64url")}`;

interface Opened {
  socket: WebSocket;
  frames: Body[];
  protocol: string;
}

function openWithProtocols(url: string, protocols: string[]): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols);
    const frames: Body[] = [];
    socket.on("message", (data: Buffer) => frames.push(JSON.parse(data.toString("utf8"))));
    socket.once("open", () => resolve({ socket, frames, protocol: socket.protocol }));
    socket.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once("error", reject);
  });
}

describe("the manager's server routes", () => {
  let server: TestServer;
  let target: WebhookTarget;

  beforeAll(async () => {
    target = await startWebhookTarget();
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
    await target.close();
  });

  it("streams every event to a token sent as a subprotocol, selecting `ponte`", async () => {
    const inst = await connectedInstance(server);
    const url = wsUrl(server, `/ws/manager/${inst.name}`);
    const client = await openWithProtocols(url, ["ponte", tokenProtocol(inst.accountToken)]);
    expect(client.protocol).toBe("ponte");
    const { seq } = await inbound(server, inst, { from: "5511999990001", text: "one" });
    await waitFor(() => client.frames.length === 1, "the live event");
    expect(client.frames[0]).toMatchObject({ event: "message.exchange", seq });
    client.socket.close();

    // Resumes with ?after= and honours ?events=.
    await inbound(server, inst, { from: "5511999990001", text: "two" });
    const resumed = await openWithProtocols(`${url}?after=${seq}&events=message.exchange`, [
      "ponte",
      tokenProtocol(inst.token),
    ]);
    await waitFor(() => resumed.frames.length === 1, "the missed event");
    expect(resumed.frames[0]?.data.message.content.text).toBe("two");
    resumed.socket.close();
  });

  it("refuses a wrong token, another instance's token, and a token in no form", async () => {
    const inst = await connectedInstance(server);
    const other = await connectedInstance(server);
    const url = wsUrl(server, `/ws/manager/${inst.name}`);
    await expect(openWithProtocols(url, ["ponte", tokenProtocol("wrong")])).rejects.toThrow(
      "HTTP 401",
    );
    await expect(openWithProtocols(url, ["ponte", tokenProtocol(other.token)])).rejects.toThrow(
      "HTTP 403",
    );
    await expect(openWithProtocols(url, ["ponte"])).rejects.toThrow("HTTP 401");
  });

  it("accepts the subprotocol form on /ws routes only", async () => {
    const inst = await connectedInstance(server);
    const reply = await server.request("GET", `/api/instance/list`, {
      headers: { "sec-websocket-protocol": `ponte, ${tokenProtocol(inst.token)}` },
    });
    expect(reply.status).toBe(401);
  });

  it("tells the page which kind of token it holds", async () => {
    const inst = await connectedInstance(server);
    const asAccount = await server.request("GET", "/api/manager/session", {
      token: inst.accountToken,
    });
    expect(asAccount.body).toEqual({
      success: true,
      message: "Signed in",
      session: { kind: "account" },
    });
    const asInstance = await server.request("GET", "/api/manager/session", { token: inst.token });
    expect(asInstance.body).toMatchObject({ session: { kind: "instance", instance: inst.name } });
    const wrong = await server.request("GET", "/api/manager/session", { token: "nope" });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ success: false, error: { message: "Invalid token" } });
  });

  it("sends a test delivery to a webhook and reports the answer", async () => {
    const inst = await connectedInstance(server);
    const path = `/api/events/testWebhook/${inst.name}`;
    const missing = await server.request("POST", path, { token: inst.token, body: {} });
    expect(missing.status).toBe(404);
    await server.request("POST", `/api/events/webhook/${inst.name}`, {
      token: inst.token,
      body: { label: "crm", url: target.url, authorization: "Bearer crm-secret", byEvents: true },
    });
    target.respond = () => 200;
    const ok = await server.request<Body>("POST", path, {
      token: inst.token,
      body: { label: "crm" },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      success: true,
      message: "Test delivery answered HTTP 200",
      result: { ok: true, status: 200, error: null },
    });
    const received = target.received.at(-1);
    expect(received?.path).toMatch(/\/instance\.state$/);
    expect(received?.headers.authorization).toBe("Bearer crm-secret");
    expect(received?.headers["x-ponte-test"]).toBe("1");
    expect(received?.body).toMatchObject({ event: "instance.state", seq: 0, test: true });

    target.respond = () => 500;
    const failed = await server.request<Body>("POST", path, {
      token: inst.token,
      body: { label: "crm" },
    });
    expect(failed.body.result).toMatchObject({ ok: false, status: 500 });
    target.respond = () => 200;
    // Nothing was queued: the test left no delivery, dead or pending.
    const dead = await server.request<Body>("GET", `/api/events/getDeadLetters/${inst.name}`, {
      token: inst.token,
    });
    expect(dead.body.deadLetters).toEqual([]);

    await server.request("POST", `/api/events/webhook/${inst.name}`, {
      token: inst.token,
      body: { label: "crm", enabled: false },
    });
    const disabled = await server.request("POST", path, {
      token: inst.token,
      body: { label: "crm" },
    });
    expect(disabled.status).toBe(400);
  });

  it("serves the page's files outside the rate limit, with a strict CSP", async () => {
    const page = await fetch(`${server.url}/manager`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("x-ratelimit-limit")).toBeNull();
    const html = await page.text();
    const script = /src="(\/manager\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.url}${script}`);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect((await fetch(`${server.url}/manager/../package.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/manager/nothing.js`)).status).toBe(404);
  });
});

describe("the manager page before it is built", () => {
  it("answers 503 with what to do", async () => {
    const app = createHttpServer({ logger: createLogger("silent"), bodyLimit: 1024 });
    registerManagerPage(app, loadAssets("/nonexistent/web/dist"));
    const reply = await app.inject({ method: "GET", url: "/manager" });
    expect(reply.statusCode).toBe(503);
    expect(reply.json()).toEqual({
      success: false,
      error: { message: expect.stringContaining("The manager page is not built") },
    });
    await app.close();
  });
});
