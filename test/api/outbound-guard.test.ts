/**
 * The outbound guard end to end (issue 14, item 1): without OUTBOUND_ALLOW, media URLs,
 * webhook targets, proxy hosts and S3 endpoints that lead inside are refused with a 400
 * that says how to allow them, and nothing reaches the internal server.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { tableResolver } from "../support/outbound.js";
import {
  connectedInstance,
  inbound,
  startWebhookTarget,
  waitFor,
  type Body,
  type WebhookTarget,
} from "../events/support/helpers.js";

const HINT = "; set OUTBOUND_ALLOW to allow it";

async function internalServer(handler: http.RequestListener = (_req, res) => res.end("secret")) {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, hits, port: (server.address() as AddressInfo).port };
}

describe("outbound requests made for users (no OUTBOUND_ALLOW)", () => {
  let server: TestServer;
  let inst: Awaited<ReturnType<typeof connectedInstance>>;
  let internal: Awaited<ReturnType<typeof internalServer>>;
  let resolutions = 0;
  const media = (mediaUrl: string) =>
    server.request<Body>("POST", `/api/message/media/${inst.name}`, {
      token: inst.token,
      body: { number: "5511966665555", mediaType: "document", mediaUrl },
    });

  beforeAll(async () => {
    const table = tableResolver({
      localhost: ["127.0.0.1"],
      "files.internal": ["10.20.30.40"],
    });
    server = await startTestServer({
      env: { OUTBOUND_ALLOW: "" },
      outboundResolver: async (name) => {
        // rebind.test answers a public address to the first question, loopback after.
        if (name === "rebind.test")
          return (resolutions += 1) === 1 ? ["93.184.215.14"] : ["127.0.0.1"];
        return table(name);
      },
    });
    inst = await connectedInstance(server);
    internal = await internalServer();
  });
  afterAll(async () => {
    internal.server.close();
    await server.close();
  });

  it.each([
    ["http://127.0.0.1:PORT/health", "mediaUrl refused: 127.0.0.1 is a loopback address"],
    [
      "http://localhost:PORT/health",
      "mediaUrl refused: localhost resolves to 127.0.0.1, a loopback address",
    ],
    ["http://[::1]:PORT/", "mediaUrl refused: ::1 is a loopback address"],
    ["http://[::ffff:127.0.0.1]:PORT/", "mediaUrl refused: 127.0.0.1 is a loopback address"],
    [
      "http://files.internal/a.pdf",
      "mediaUrl refused: files.internal resolves to 10.20.30.40, a private address",
    ],
    [
      "http://169.254.169.254/latest/meta-data/",
      "mediaUrl refused: 169.254.169.254 is a link-local address",
    ],
  ])("refuses the media URL %s", async (url, message) => {
    const reply = await media(url.replace("PORT", String(internal.port)));
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ success: false, error: { message: message + HINT } });
    expect(internal.hits).toEqual([]);
  });

  it("refuses internal webhook targets, on the route and inline at creation", async () => {
    const refused = await server.request<Body>("POST", `/api/events/webhook/${inst.name}`, {
      token: inst.token,
      body: { url: `http://127.0.0.1:${internal.port}/hook` },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(`url refused: 127.0.0.1 is a loopback address${HINT}`);
    const inline = await server.request<Body>("POST", "/api/instance/new", {
      token: inst.accountToken,
      body: { name: "inline-hook", provider: "sandbox", webhookURL: "http://10.0.0.5/hook" },
    });
    expect(inline.status).toBe(201);
    expect(inline.body.webhook).toEqual({
      enabled: false,
      error: `url refused: 10.0.0.5 is a private address${HINT}`,
    });
  });

  it("refuses internal or malformed proxy hosts and S3 endpoints", async () => {
    const proxy = (host: string) =>
      server.request<Body>("POST", `/api/instance/proxy/${inst.name}`, {
        token: inst.token,
        body: { enabled: true, host, port: "1080", protocol: "socks5" },
      });
    expect((await proxy("127.0.0.1")).body.error.message).toBe(
      `proxy host refused: 127.0.0.1 is a loopback address${HINT}`,
    );
    expect((await proxy("http://proxy.example/")).body.error.message).toBe(
      "proxy host must be a host name or an IP address, without scheme, port or path",
    );
    const s3 = (endpoint: string) =>
      server.request<Body>("POST", `/api/instance/s3/${inst.name}`, {
        token: inst.token,
        body: { enabled: true, bucket: "b", accessKey: "a", secretKey: "s", endpoint },
      });
    const metadata = await s3("http://169.254.169.254");
    expect(metadata.status).toBe(400);
    expect(metadata.body.error.message).toBe(
      `s3 endpoint refused: 169.254.169.254 is a link-local address${HINT}`,
    );
    expect((await s3("ftp://files.example")).body.error.message).toBe(
      "s3 endpoint must be an http:// or https:// URL",
    );
    const created = await server.request<Body>("POST", "/api/instance/new", {
      token: inst.accountToken,
      body: {
        name: "inline-proxy",
        provider: "sandbox",
        proxyEnabled: true,
        proxyHost: "[::1]",
        proxyPort: "8080",
      },
    });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toBe(`proxy host refused: ::1 is a loopback address${HINT}`);
  });

  it("dead-letters a webhook whose name rebinds to loopback after the check", async () => {
    const target: WebhookTarget = await startWebhookTarget();
    try {
      const port = new URL(target.url).port;
      const configured = await server.request<Body>("POST", `/api/events/webhook/${inst.name}`, {
        token: inst.token,
        body: {
          label: "rebind",
          url: `http://rebind.test:${port}/hook`,
          events: ["message.exchange"],
        },
      });
      expect(configured.status).toBe(200);
      await inbound(server, inst, { from: "5511955554444", text: "hello" });
      const dead = await waitFor(async () => {
        const reply = await server.request<Body>(
          "GET",
          `/api/events/getDeadLetters/${inst.name}?label=rebind`,
          { token: inst.token },
        );
        return (reply.body.deadLetters as Body[]).at(0);
      }, "the refused delivery");
      expect(dead.lastError).toBe(
        `webhook url refused: rebind.test resolves to 127.0.0.1, a loopback address${HINT}`,
      );
      expect(target.attempts).toEqual([]);
    } finally {
      await target.close();
    }
  });
});

describe("OUTBOUND_ALLOW", () => {
  it("lets an allowlisted target through, and still refuses a redirect out of it", async () => {
    const secret = await internalServer();
    const bouncer = await internalServer((req, res) => {
      if (req.url === "/bounce")
        res.writeHead(302, { location: `http://127.0.0.1:${secret.port}/` }).end();
      else res.writeHead(200, { "content-type": "application/pdf" }).end("%PDF-1.4 ok");
    });
    const server = await startTestServer({ env: { OUTBOUND_ALLOW: `127.0.0.1:${bouncer.port}` } });
    try {
      const inst = await connectedInstance(server);
      const send = (path: string) =>
        server.request<Body>("POST", `/api/message/media/${inst.name}`, {
          token: inst.token,
          body: {
            number: "5511966665555",
            mediaType: "document",
            mediaUrl: `http://127.0.0.1:${bouncer.port}${path}`,
          },
        });
      expect((await send("/ok.pdf")).status).toBe(200);
      const bounced = await send("/bounce");
      expect(bounced.status).toBe(400);
      expect(bounced.body.error.message).toBe(
        `mediaUrl (redirect) refused: 127.0.0.1 is a loopback address${HINT}`,
      );
      expect(secret.hits).toEqual([]);
    } finally {
      await server.close();
      secret.server.close();
      bouncer.server.close();
    }
  });
});
