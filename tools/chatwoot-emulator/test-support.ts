/**
 * Shared helpers for the emulator's own tests: a started emulator with an API client
 * per seeded token, and a webhook receiver that records raw requests.
 */
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import type { ChatwootEmulator, ChatwootEmulatorOptions } from "./emulator.js";
import { startChatwootEmulator } from "./emulator.js";

/** Whatever JSON.parse returns: tests inspect response bodies freely. */
export type Loose = ReturnType<typeof JSON.parse>;

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON (undefined when the body is empty or not JSON). */
  body: Loose;
}

export type Api = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<ApiResponse>;

export async function request(
  url: string,
  init: RequestInit & { headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const res = await fetch(url, { redirect: "manual", ...init });
  const text = await res.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : (JSON.parse(text) as unknown);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

/** An API client for one token; paths are relative to /api/v1/accounts/{accountId}. */
export function apiFor(emulator: ChatwootEmulator, token: string | null, accountId = 1): Api {
  return (method, path, body, headers = {}) => {
    const base = path.startsWith("/")
      ? emulator.url
      : `${emulator.url}/api/v1/accounts/${accountId}/`;
    const all: Record<string, string> = { ...headers };
    if (token !== null) all.api_access_token = token;
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      all["content-type"] = "application/json";
    }
    return request(`${base}${path}`, { method, headers: all, body: payload });
  };
}

export interface Harness {
  emulator: ChatwootEmulator;
  admin: Api;
  agent: Api;
  bot: Api;
  anonymous: Api;
  close(): Promise<void>;
}

export async function startHarness(options: ChatwootEmulatorOptions = {}): Promise<Harness> {
  const emulator = await startChatwootEmulator({ rateLimit: false, ...options });
  const account = emulator.accounts[0];
  if (!account) throw new Error("no seeded account");
  return {
    emulator,
    admin: apiFor(emulator, account.admin.token, account.id),
    agent: apiFor(emulator, account.agent.token, account.id),
    bot: apiFor(emulator, account.bot.token, account.id),
    anonymous: apiFor(emulator, null, account.id),
    close: () => emulator.close(),
  };
}

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  raw: string;
  body: Loose;
}

export interface Receiver {
  url: string;
  received: ReceivedHook[];
  /** Decide each answer: status code and an optional delay before answering. */
  respond(fn: (hook: ReceivedHook) => { status: number; delayMs?: number }): void;
  events(): string[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedHook[] = [];
  let responder: (hook: ReceivedHook) => { status: number; delayMs?: number } = () => ({
    status: 200,
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const hook: ReceivedHook = { headers: req.headers, raw, body: JSON.parse(raw) as unknown };
      received.push(hook);
      const { status, delayMs } = responder(hook);
      setTimeout(() => res.writeHead(status).end("ok"), delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    respond: (fn) => {
      responder = fn;
    },
    events: () => received.map((h) => eventOf(h.raw)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function eventOf(raw: string): string {
  const parsed: unknown = JSON.parse(raw);
  return typeof parsed === "object" && parsed !== null && "event" in parsed
    ? String(parsed.event)
    : "";
}

/** Reads a numeric id at `path` in a JSON body, failing loudly if it is missing. */
export function idAt(body: unknown, ...path: string[]): number {
  let node: unknown = body;
  for (const key of path)
    node =
      typeof node === "object" && node !== null
        ? (node as Record<string, unknown>)[key]
        : undefined;
  if (typeof node !== "number") throw new Error(`no id at ${path.join(".")}`);
  return node;
}

/** Creates an API inbox, a contact in it and a conversation; returns their ids. */
export async function seedConversation(
  admin: Api,
  options: { webhookUrl?: string; sourceId?: string; phone?: string; inboxId?: number } = {},
): Promise<{ inboxId: number; contactId: number; conversationId: number; sourceId: string }> {
  let inboxId = options.inboxId;
  if (inboxId === undefined) {
    const inbox = await admin("POST", "inboxes", {
      name: "WA",
      channel: { type: "api", webhook_url: options.webhookUrl ?? "" },
    });
    inboxId = idAt(inbox.body, "id");
  }
  const sourceId = options.sourceId ?? `55119${Math.floor(Math.random() * 1e8)}`;
  const contact = await admin("POST", "contacts", {
    name: "Alice",
    phone_number: options.phone ?? `+${sourceId}`,
    inbox_id: inboxId,
    source_id: sourceId,
  });
  const contactId = idAt(contact.body, "payload", "contact", "id");
  const conversation = await admin("POST", "conversations", {
    inbox_id: inboxId,
    contact_id: contactId,
    source_id: sourceId,
  });
  return { inboxId, contactId, conversationId: idAt(conversation.body, "id"), sourceId };
}

/**
 * Checks X-Chatwoot-Signature independently of the emulator's code:
 * sha256=HMAC-SHA256(secret, "<X-Chatwoot-Timestamp>.<raw body>").
 */
export function expectSignedWith(hook: ReceivedHook, secret: string): void {
  const ts = String(hook.headers["x-chatwoot-timestamp"]);
  expect(ts).toMatch(/^\d{10}$/);
  const expected = `sha256=${createHmac("sha256", secret).update(`${ts}.${hook.raw}`).digest("hex")}`;
  expect(hook.headers["x-chatwoot-signature"]).toBe(expected);
}
