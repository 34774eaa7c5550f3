/**
 * Drivers that call the emulator as other designs do, so the table can set ponte
 * beside them on the same emulator (the call patterns are those described in
 * /work/shared/PEERS.md; no code of those projects is used):
 *
 * - direct: one create-message call per message, the floor any relay pays;
 * - Evolution API's inbound pattern: search the contact, list its conversations, then
 *   create the message (3 calls per warm message);
 * - outbound receivers in their styles, for the emulator's inbox webhook: Evolution
 *   API holds the webhook for 500 ms plus a typing delay before it answers; WAHA
 *   answers at once and sends after a fixed 2–3 s delay.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Gateway } from "./gateway.js";
import { chatwootCalls, now } from "./gateway.js";
import { sleep } from "./stats.js";

interface Target {
  base: string;
  token: string;
  conversations: number[];
  phones: string[];
}

async function target(gateway: Gateway, inboxId: number): Promise<Target> {
  const account = gateway.chatwoot.accounts[0];
  if (account === undefined) throw new Error("bench: the emulator has no account");
  const conversations = (await gateway.chatwoot.conversations(account.id))
    .filter((c) => c.inbox_id === inboxId)
    .map((c) => Number(c.id));
  const phones = (await gateway.chatwoot.contacts(account.id))
    .map((c) => (typeof c.phone_number === "string" ? c.phone_number : ""))
    .filter((p) => p !== "");
  return {
    base: `${gateway.chatwoot.url}/api/v1/accounts/${account.id}`,
    token: account.admin.token,
    conversations,
    phones,
  };
}

async function call(t: Target, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${t.base}${path}`, {
    method,
    headers: { api_access_token: t.token, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`bench: emulator ${method} ${path} → ${response.status}`);
  return response.json();
}

async function workers(count: number, concurrency: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next;
        next += 1;
        await work(i);
      }
    }),
  );
}

export interface DriveResult {
  perSecond: number;
  callsPerMessage: number;
}

async function drive(
  gateway: Gateway,
  count: number,
  concurrency: number,
  work: (i: number) => Promise<void>,
): Promise<DriveResult> {
  const calls = await chatwootCalls(gateway);
  const started = performance.now();
  await workers(count, concurrency, work);
  const seconds = (performance.now() - started) / 1000;
  return {
    perSecond: count / seconds,
    callsPerMessage: ((await chatwootCalls(gateway)) - calls) / count,
  };
}

/** The same create-message calls the relay makes, straight at the emulator. */
export async function driveDirect(
  gateway: Gateway,
  inboxId: number,
  count: number,
  concurrency: number,
) {
  const t = await target(gateway, inboxId);
  return drive(gateway, count, concurrency, async (i) => {
    const conversation = t.conversations[i % t.conversations.length];
    await call(t, "POST", `/conversations/${conversation}/messages`, {
      content: `direct ${i}`,
      message_type: "incoming",
      source_id: `WAID:direct-${i}`,
    });
  });
}

type Payload = { payload?: unknown };
const items = (value: unknown): Record<string, unknown>[] => {
  const payload = (value as Payload).payload;
  return Array.isArray(payload) ? (payload as Record<string, unknown>[]) : [];
};

/** Evolution API's warm path: search, conversations of the contact, create. */
export async function driveEvolutionInbound(
  gateway: Gateway,
  inboxId: number,
  count: number,
  concurrency: number,
) {
  const t = await target(gateway, inboxId);
  return drive(gateway, count, concurrency, async (i) => {
    const phone = t.phones[i % t.phones.length] ?? "";
    const found = items(await call(t, "GET", `/contacts/search?q=${encodeURIComponent(phone)}`));
    const contactId = found[0]?.id;
    const conversations = items(
      await call(t, "GET", `/contacts/${String(contactId)}/conversations`),
    );
    const conversation = conversations.find((c) => c.inbox_id === inboxId) ?? conversations[0];
    await call(t, "POST", `/conversations/${String(conversation?.id)}/messages`, {
      content: `evolution ${i}`,
      message_type: "incoming",
      source_id: `WAID:evolution-${i}`,
    });
  });
}

export interface PeerReceiver {
  url: string;
  /** When each reply's send happened (the emulator's message id → ms). */
  sentAt: Map<number, number>;
  close(): Promise<void>;
}

/**
 * A webhook receiver in a peer's outbound style. `holdMs` is how long the webhook
 * is held before it is answered (the send happens just before the answer);
 * `afterMs` how long after answering the send happens.
 */
export async function peerReceiver(delays: {
  holdMs: () => number;
  afterMs: () => number;
}): Promise<PeerReceiver> {
  const sentAt = new Map<number, number>();
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const event = JSON.parse(body) as { event?: string; id?: number; message_type?: string };
      const id =
        event.event === "message_created" && event.message_type === "outgoing"
          ? event.id
          : undefined;
      void (async () => {
        const hold = delays.holdMs();
        if (hold > 0) await sleep(hold);
        if (id !== undefined && hold > 0) sentAt.set(id, now());
        response.writeHead(200).end();
        const after = delays.afterMs();
        if (id !== undefined && hold === 0) {
          await sleep(after);
          sentAt.set(id, now());
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/peer`,
    sentAt,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
