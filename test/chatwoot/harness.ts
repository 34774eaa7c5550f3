/** A real API server wired to a fake integration gateway, for the Chatwoot module's tests. */
import { randomBytes } from "node:crypto";
import { startFakeBridge, type FakeBridge } from "../support/fake-bridge.js";
import { startTestServer, type TestServer } from "../support/server.js";

/**
 * Deadline of every gateway call in these tests: long enough for a working fake under a
 * loaded machine, short enough for the tests where the fake hangs.
 */
export const TEST_TIMEOUT_MS = 1500;

export interface Harness {
  server: TestServer;
  bridge: FakeBridge;
  close(): Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const bridge = await startFakeBridge(`bridge-${randomBytes(8).toString("hex")}`);
  const server = await startTestServer({
    env: {
      BRIDGE_URL: `${bridge.url}/`,
      BRIDGE_TOKEN: bridge.token,
      BRIDGE_ACTIVATE_TIMEOUT_MS: String(TEST_TIMEOUT_MS),
      BRIDGE_GET_TIMEOUT_MS: String(TEST_TIMEOUT_MS),
      BRIDGE_DELETE_TIMEOUT_MS: String(TEST_TIMEOUT_MS),
      ...env,
    },
  });
  return {
    server,
    bridge,
    close: async () => {
      await server.close();
      await bridge.close();
    },
  };
}

/** A Chatwoot API token unique to the test, so that its absence from logs means something. */
export function chatwootToken(): string {
  return `cw_${randomBytes(12).toString("hex")}`;
}

export function setBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    chatwootBaseUrl: "https://chatwoot.example.com/",
    chatwootAccountId: 5,
    chatwootApiToken: chatwootToken(),
    inboxName: "WhatsApp - Orion",
    ...overrides,
  };
}

/** An account with one instance, made over HTTP as a client would. */
export async function accountWithInstance(
  server: TestServer,
  body: Record<string, unknown> = {},
): Promise<{ accountToken: string; name: string; instanceToken: string; id: string }> {
  const account = await server.createAccount();
  const instance = await server.createInstance(account.token, body);
  return {
    accountToken: account.token,
    name: instance.name,
    instanceToken: instance.token,
    id: instance.id,
  };
}

export async function integrationRow(server: TestServer, instanceId: string) {
  return server.runtime.database.db
    .selectFrom("chatwoot_integrations")
    .selectAll()
    .where("instance_id", "=", instanceId)
    .executeTakeFirst();
}
