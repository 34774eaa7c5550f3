/** Helpers of the events and messages tests: bounded waits, webhook targets, WS clients. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket from "ws";
import type { TestServer } from "../../support/server.js";

export type Body = Record<string, any>;

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Body;
}

/** A real HTTP server standing in for a webhook consumer; tell it how to answer. */
export interface WebhookTarget {
  url: string;
  received: Received[];
  /** Every request, including failed ones. */
  attempts: Received[];
  /** Decides the status of each attempt (default 200). */
  respond: (attempt: Received, index: number) => number | Promise<number>;
  close(): Promise<void>;
}

export async function startWebhookTarget(): Promise<WebhookTarget> {
  const target: WebhookTarget = {
    url: "",
    received: [],
    attempts: [],
    respond: () => 200,
    close: () => Promise.resolve(),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const attempt: Received = {
        path: req.url ?? "",
        headers: req.headers,
        body: text === "" ? {} : JSON.parse(text),
      };
      const index = target.attempts.length;
      target.attempts.push(attempt);
      void Promise.resolve(target.respond(attempt, index)).then((status) => {
        if (status >= 200 && status < 300) target.received.push(attempt);
        if (!res.destroyed) res.writeHead(status).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  target.url = `http://127.0.0.1:${port}/hook`;
  target.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return target;
}

export interface WsClient {
  socket: WebSocket;
  frames: Body[];
  pings: number;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export function wsUrl(server: TestServer, path: string): string {
  return `${server.url.replace(/^http/, "ws")}${path}`;
}

/** Opens a WebSocket; resolves once open, or rejects with the HTTP status of a refusal. */
export function openWs(url: string, headers: Record<string, string> = {}): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const client: WsClient = {
      socket,
      frames: [],
      pings: 0,
      closed: new Promise((done) => {
        socket.on("close", (code, reason) => done({ code, reason: reason.toString() }));
      }),
      close: async () => {
        socket.close();
        await client.closed;
      },
    };
    socket.on("message", (data: Buffer) => client.frames.push(JSON.parse(data.toString("utf8"))));
    socket.on("ping", () => {
      client.pings += 1;
    });
    socket.once("open", () => resolve(client));
    socket.once("unexpected-response", (_req, res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const error = new Error(`refused with ${res.statusCode}`) as Error & {
          status?: number;
          body?: Body;
        };
        error.status = res.statusCode;
        error.body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
        reject(error);
      });
    });
    socket.once("error", reject);
  });
}

/** The refusal of an upgrade: its HTTP status and JSON body. */
export async function refusal(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Body }> {
  try {
    const client = await openWs(url, headers);
    await client.close();
  } catch (error) {
    const e = error as { status?: number; body?: Body };
    if (e.status !== undefined) return { status: e.status, body: e.body ?? {} };
    throw error;
  }
  throw new Error("the upgrade was accepted");
}

/** A connected sandbox instance of a new account. */
export async function connectedInstance(
  server: TestServer,
  body: Record<string, unknown> = {},
): Promise<{ name: string; token: string; id: string; accountToken: string }> {
  const account = await server.createAccount();
  const instance = await server.createInstance(account.token, body);
  const reply = await server.request("GET", `/api/instance/connect/${instance.name}`, {
    token: instance.token,
  });
  if (reply.status !== 200) throw new Error(`connect failed: ${JSON.stringify(reply.body)}`);
  return { ...instance, accountToken: account.token };
}

/** A contact writes to the instance through the sandbox phone; returns the answer's data. */
export async function inbound(
  server: TestServer,
  instance: { name: string; token: string },
  body: Record<string, unknown>,
): Promise<{ messageId: string; seq: number }> {
  const reply = await server.request<Body>("POST", `/api/sandbox/inbound/${instance.name}`, {
    token: instance.token,
    body,
  });
  if (reply.status !== 200)
    throw new Error(`inbound failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.data;
}

/** A tiny valid PNG (1×1), base64. */
export const PNG_1PX =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
