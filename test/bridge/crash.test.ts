/**
 * `ponte serve` killed with SIGKILL in the middle of a burst and started again: every
 * message WhatsApp handed over (the sandbox acknowledged it) reaches Chatwoot exactly
 * once, in order per customer. Real processes, a real kill.
 */
import { spawn, execFile, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startChatwootEmulator,
  type ChatwootEmulator,
} from "../../tools/chatwoot-emulator/emulator.js";
import { tempDir } from "../support/databases.js";
import { waitFor, type Body } from "../events/support/helpers.js";
import { FAST_QUEUE } from "./support/gateway-harness.js";

const run = promisify(execFile);
const CLI = path.resolve("src/cli/main.ts");

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("a gateway killed mid-burst", () => {
  let chatwoot: ChatwootEmulator;
  let child: ChildProcess | undefined;
  const dataDir = tempDir("ponte-crash-");
  let env: Record<string, string>;
  let url: string;

  const start = async () => {
    // One process, node itself with tsx's loader: the `tsx` command would run the server
    // as a child of its own, which a SIGKILL of the command leaves running.
    child = spawn(process.execPath, ["--import", "tsx", CLI, "serve"], { env, stdio: "ignore" });
    await waitFor(
      async () => (await fetch(`${url}/health`).catch(() => undefined))?.ok === true,
      "ponte up",
      60_000,
    );
  };
  const call = async (method: string, p: string, token: string, body?: unknown) => {
    const response = await fetch(`${url}${p}`, {
      method,
      headers: { token, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Body };
  };

  beforeAll(async () => {
    chatwoot = await startChatwootEmulator({
      rateLimit: false,
      limits: { conversationMessagesPerMinute: 100_000 },
    });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = {
      PATH: process.env.PATH ?? "",
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      DEFAULT_PROVIDER: "sandbox",
      // The emulator listens on loopback, which an operator allows for a local Chatwoot.
      OUTBOUND_ALLOW: "127.0.0.1",
      ...FAST_QUEUE,
    };
    await start();
  }, 90_000);
  afterAll(async () => {
    child?.kill("SIGKILL");
    await chatwoot.close();
  });

  it("loses nothing it acknowledged and doubles nothing", async () => {
    const created = await run(
      process.execPath,
      ["--import", "tsx", CLI, "account", "create", "--name", "Crash", "--json"],
      { env },
    );
    const accountToken = (JSON.parse(created.stdout) as { token: string }).token;
    const made = await call("POST", "/api/instance/new", accountToken, {
      name: "crash",
      provider: "sandbox",
    });
    const token = String(made.body.data.token);
    await call("GET", "/api/instance/connect/crash", token);
    const [account] = chatwoot.accounts;
    const set = await call("POST", "/api/chatwoot/set/crash", token, {
      chatwootBaseUrl: chatwoot.url,
      chatwootAccountId: account!.id,
      chatwootApiToken: account!.admin.token,
      inboxName: "WhatsApp crash",
    });
    expect(set.status).toBe(201);

    const acknowledged = new Map<string, string[]>();
    let killed = false;
    const customer = async (c: number, from: number, to: number) => {
      for (let i = from; i < to; i += 1) {
        const phone = `551193333000${c}`;
        const reply = await call("POST", "/api/sandbox/inbound/crash", token, {
          from: phone,
          text: `c${c} m${i}`,
        }).catch(() => undefined);
        if (reply?.status === 200)
          acknowledged.set(phone, [
            ...(acknowledged.get(phone) ?? []),
            String(reply.body.data.messageId),
          ]);
        const total = [...acknowledged.values()].reduce((n, ids) => n + ids.length, 0);
        if (!killed && total >= 25) {
          killed = true;
          child?.kill("SIGKILL");
        }
      }
    };
    await Promise.all([0, 1, 2].map((c) => customer(c, 0, 20)));
    expect(killed).toBe(true);
    // Really down: nothing answers on its port until it is started again.
    await waitFor(
      async () => (await fetch(`${url}/health`).catch(() => undefined)) === undefined,
      "ponte down",
      10_000,
    );
    await start();
    await Promise.all([0, 1, 2].map((c) => customer(c, 20, 30)));

    const expected = [...acknowledged.values()].flat();
    const messages = await waitFor(
      () => {
        const all = chatwoot.control
          .conversations()
          .flatMap(
            (conv: Body) =>
              chatwoot.control.messages({ conversationId: conv.id as number }) as Body[],
          );
        const present = new Set(all.map((m) => m.source_id));
        return expected.every((id) => present.has(`WAID:${id}`)) ? all : undefined;
      },
      "every acknowledged message in Chatwoot",
      90_000,
    );
    const sources = messages.map((m) => m.source_id as string);
    expect(new Set(sources).size).toBe(sources.length);
    for (const ids of acknowledged.values()) {
      const positions = ids.map((id) => messages.findIndex((m) => m.source_id === `WAID:${id}`));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  }, 240_000);
});
