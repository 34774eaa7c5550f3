/**
 * ponte `serve` (API and gateway in one process) beside a Chatwoot emulator, with the
 * helpers the gateway's end-to-end tests share: activate an instance, play the customer
 * on the sandbox phone, play the agent in Chatwoot, and wait for either side.
 */
import { once } from "node:events";
import net, { type AddressInfo } from "node:net";
import {
  startChatwootEmulator,
  type ChatwootEmulator,
} from "../../../tools/chatwoot-emulator/emulator.js";
import type { ChatwootEmulatorOptions } from "../../../tools/chatwoot-emulator/emulator.js";
import { startTestServer, type TestServer, type TestServerOptions } from "../../support/server.js";
import { waitFor, type Body } from "../../events/support/helpers.js";
import type { BridgeRuntime } from "../../../src/app/compose-bridge.js";
import { bridgeDb } from "../../../src/bridge/bridge-schema.js";
import { startRuntime, type Runtime } from "../../../src/app/runtime.js";
import { loadConfig } from "../../../src/platform/config.js";
import { captureLog } from "../../support/log-capture.js";
import { PG_URL } from "../../support/services.js";

/** Quick retries and polls, so fault tests finish in seconds. */
export const FAST_QUEUE = {
  BRIDGE_RETRY_BASE_MS: "50",
  BRIDGE_RETRY_CAP_MS: "400",
  BRIDGE_POLL_MS: "100",
  CHATWOOT_TIMEOUT_MS: "2000",
  // The tests play busy customers: the instance token's own limit is not under test here.
  RATE_LIMIT_GLOBAL: "1000000",
};

export interface Gateway {
  /** Replaced by a restart test with the restarted server. */
  server: TestServer;
  chatwoot: ChatwootEmulator;
  accountToken: string;
  /** The gateway running inside the server. */
  bridge(): BridgeRuntime;
  close(): Promise<void>;
}

export async function startGateway(
  options: { server?: TestServerOptions; chatwoot?: ChatwootEmulatorOptions } = {},
): Promise<Gateway> {
  const chatwoot = await startChatwootEmulator({
    rateLimit: false,
    limits: { conversationMessagesPerMinute: 100_000 },
    ...options.chatwoot,
  });
  const server = await startTestServer({
    role: "serve",
    ...options.server,
    env: { ...FAST_QUEUE, ...options.server?.env },
  });
  const account = await server.createAccount("Acme", 50);
  const gateway: Gateway = {
    server,
    chatwoot,
    accountToken: account.token,
    bridge: () => {
      if (gateway.server.bridge === undefined) throw new Error("this server runs no gateway");
      return gateway.server.bridge;
    },
    close: async () => {
      await gateway.server.close();
      await chatwoot.close();
    },
  };
  return gateway;
}

export interface ActiveInstance {
  name: string;
  token: string;
  id: string;
  inboxId: number;
  integrationId: string;
}

export type Flags = Partial<
  Record<"signMessages" | "ignoreGroups" | "startAsPending" | "reopenResolved", boolean>
>;

/** A connected sandbox instance without a Chatwoot integration. */
export async function sandboxInstance(
  gateway: Pick<Gateway, "server" | "accountToken">,
): Promise<{ name: string; token: string; id: string }> {
  const { server } = gateway;
  const instance = await server.createInstance(gateway.accountToken, { provider: "sandbox" });
  const connect = await server.request("GET", `/api/instance/connect/${instance.name}`, {
    token: instance.token,
  });
  if (connect.status !== 200) throw new Error(`connect failed: ${JSON.stringify(connect.body)}`);
  return instance;
}

/** Where an emulator listens and its seeded accounts (in this process or another). */
export type EmulatorAddress = Pick<ChatwootEmulator, "url"> & {
  accounts: readonly { id: number; admin: { token: string } }[];
};

/** A valid `POST /api/chatwoot/set` body for a seeded account of an emulator. */
export function setBody(
  chatwoot: EmulatorAddress,
  instanceName: string,
  flags: Flags = {},
  accountIndex = 0,
): Record<string, unknown> {
  const account = chatwoot.accounts[accountIndex];
  if (account === undefined) throw new Error("no such seeded Chatwoot account");
  return {
    chatwootBaseUrl: chatwoot.url,
    chatwootAccountId: account.id,
    chatwootApiToken: account.admin.token,
    inboxName: `WhatsApp ${instanceName}`,
    ...flags,
  };
}

/** A loopback port that nothing listens on (taken, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A connected sandbox instance with an active Chatwoot integration (on the gateway's
 * emulator unless another one, e.g. a second Chatwoot installation, is given).
 */
export async function activeInstance(
  gateway: Pick<Gateway, "server" | "accountToken"> & { chatwoot: EmulatorAddress },
  flags: Flags = {},
  accountIndex = 0,
  chatwoot: EmulatorAddress = gateway.chatwoot,
): Promise<ActiveInstance> {
  const { server } = gateway;
  const instance = await sandboxInstance(gateway);
  const set = await server.request<Body>("POST", `/api/chatwoot/set/${instance.name}`, {
    token: instance.token,
    body: setBody(chatwoot, instance.name, flags, accountIndex),
  });
  if (set.status !== 201) throw new Error(`set failed: ${set.status} ${JSON.stringify(set.body)}`);
  const list = await server.request<Body>("GET", `/api/chatwoot/list/${instance.name}`, {
    token: instance.token,
  });
  return {
    ...instance,
    inboxId: Number(list.body.chatwoot_inbox_id),
    integrationId: String(set.body.bridge_integration_id),
  };
}

/**
 * Waits until the gateway has a stream cursor for an integration (set at activation from
 * the instance's event sequence, or by the first event its stream records), reconnecting
 * the sandbox number meanwhile: that makes `instance.state` events, which change nothing
 * in Chatwoot, for the stream to record.
 */
export async function streamLive(
  gateway: Pick<Gateway, "server">,
  instance: { name: string; token: string; id: string },
  integrationId: string,
): Promise<void> {
  const db = bridgeDb(gateway.server.runtime.database);
  const cursor = async () =>
    (
      await db
        .selectFrom("bridge_integrations")
        .select("stream_seq")
        .where("id", "=", integrationId)
        .executeTakeFirst()
    )?.stream_seq ?? null;
  const deadline = Date.now() + 30_000;
  while ((await cursor()) === null) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the gateway's stream");
    await gateway.server.request("POST", `/api/instance/reconnect/${instance.name}`, {
      token: instance.token,
    });
    await gateway.server.runtime.connections.settled(instance.id);
    await waitFor(async () => (await cursor()) !== null, "the stream cursor", 1_000).catch(
      () => undefined,
    );
  }
}

/** {@link activeInstance}, once its event stream is live. */
export async function liveInstance(
  gateway: Pick<Gateway, "server" | "accountToken"> & { chatwoot: EmulatorAddress },
  flags: Flags = {},
  accountIndex = 0,
  chatwoot: EmulatorAddress = gateway.chatwoot,
): Promise<ActiveInstance> {
  const instance = await activeInstance(gateway, flags, accountIndex, chatwoot);
  await streamLive(gateway, instance, instance.integrationId);
  return instance;
}

/** A customer writes to the instance. */
export async function customerSays(
  gateway: Pick<Gateway, "server">,
  instance: { name: string; token: string },
  from: string,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const reply = await gateway.server.request<Body>(
    "POST",
    `/api/sandbox/inbound/${instance.name}`,
    {
      token: instance.token,
      body: { from, text, ...extra },
    },
  );
  if (reply.status !== 200) throw new Error(`inbound failed: ${JSON.stringify(reply.body)}`);
  return String(reply.body.data.messageId);
}

/** Every message of the emulator's account in an inbox, oldest first. */
export function inboxMessages(
  gateway: Pick<Gateway, "chatwoot">,
  inboxId: number,
  accountId?: number,
) {
  const conversations = gateway.chatwoot.control
    .conversations(accountId)
    .filter((c: Body) => c.inbox_id === inboxId) as Body[];
  return conversations.flatMap((c) =>
    (
      gateway.chatwoot.control.messages({ conversationId: c.id as number, accountId }) as Body[]
    ).map((m) => ({
      ...m,
      conversation: c.id as number,
    })),
  );
}

export function waitForMessages(
  gateway: Pick<Gateway, "chatwoot">,
  inboxId: number,
  predicate: (messages: Body[]) => boolean,
  what: string,
  accountId?: number,
): Promise<Body[]> {
  return waitFor(
    () => {
      const messages = inboxMessages(gateway, inboxId, accountId);
      return predicate(messages) ? messages : undefined;
    },
    what,
    30_000,
  );
}

/** What the instance sent to WhatsApp (the sandbox outbox). */
export async function outbox(
  gateway: Pick<Gateway, "server">,
  instance: { name: string; token: string },
): Promise<Body[]> {
  const reply = await gateway.server.request<Body>("GET", `/api/sandbox/outbox/${instance.name}`, {
    token: instance.token,
  });
  return reply.body.outbox as Body[];
}

/**
 * `api` and `bridge` as separate runtimes (as two processes would run them) over one
 * database, beside a Chatwoot emulator. The gateway can be stopped and started again on
 * its port while the API keeps running.
 */
export interface SplitGateway {
  /** The API role. */
  server: TestServer;
  chatwoot: ChatwootEmulator;
  accountToken: string;
  bridgeUrl: string;
  bridgeToken: string;
  stopBridge(): Promise<void>;
  startBridge(): Promise<void>;
  close(): Promise<void>;
}

export async function startSplitGateway(
  options: {
    chatwoot?: ChatwootEmulatorOptions;
    /** Added to both roles' environment (the benchmarks' raised limits, quiet logs). */
    env?: Record<string, string>;
    /** Added to the gateway's environment only. */
    bridgeEnv?: Record<string, string>;
  } = {},
): Promise<SplitGateway> {
  const chatwoot = await startChatwootEmulator({
    rateLimit: false,
    limits: { conversationMessagesPerMinute: 100_000 },
    ...options.chatwoot,
  });
  const port = await closedPort();
  const bridgeUrl = `http://127.0.0.1:${port}`;
  const bridgeToken = `brg_split_${Date.now().toString(36)}`;
  const api = await startTestServer({
    role: "api",
    env: { ...FAST_QUEUE, BRIDGE_URL: bridgeUrl, BRIDGE_TOKEN: bridgeToken, ...options.env },
  });
  const account = await api.createAccount("Acme", 50);
  const env: Record<string, string> = {
    ...FAST_QUEUE,
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: api.dataDir,
    LOG_LEVEL: "warn",
    // The emulator listens on loopback, which an operator allows for a local Chatwoot.
    OUTBOUND_ALLOW: "127.0.0.1",
    ...options.env,
    BRIDGE_TOKEN: bridgeToken,
    BRIDGE_INTERNAL_API_URL: api.url,
    ...(api.pgSchema !== undefined ? { DATABASE_URL: PG_URL } : {}),
    ...options.bridgeEnv,
  };
  let bridge: Runtime | undefined;
  const startBridge = async () => {
    bridge = await startRuntime(
      loadConfig("bridge", env),
      {
        logger: captureLog(env.LOG_LEVEL === "silent" ? "silent" : "warn").logger,
        ...(api.pgSchema !== undefined ? { pgSchema: api.pgSchema } : {}),
      },
      { port, host: "127.0.0.1" },
    );
  };
  const stopBridge = async () => {
    await bridge?.close();
    bridge = undefined;
  };
  await startBridge();
  return {
    server: api,
    chatwoot,
    accountToken: account.token,
    bridgeUrl,
    bridgeToken,
    stopBridge,
    startBridge,
    close: async () => {
      await stopBridge();
      await api.close();
      await chatwoot.close();
    },
  };
}
