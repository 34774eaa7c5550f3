/** Starting ponte `serve` beside the emulator for the suite, and playing the customer. */
import { sql } from "kysely";
import {
  FAST_QUEUE,
  liveInstance,
  type ActiveInstance,
} from "../../test/bridge/support/gateway-harness.js";
import { startTestServer, type TestServer } from "../../test/support/server.js";
import { EmulatorProcess } from "./emulator-process.js";
import { registerFloorRoutes } from "./floor.js";

/** The emulator's clock in fractional ms, so latencies below a millisecond show. */
export const now = () => performance.timeOrigin + performance.now();

export const BENCH_ENV = {
  LOG_LEVEL: "silent",
  RATE_LIMIT_GLOBAL: "100000000",
  RATE_LIMIT_SERVICE: "100000000",
  RATE_LIMIT_INSTANCE_CREATE: "100000000",
  // The emulator listens on loopback, which an operator allows for a local Chatwoot.
  OUTBOUND_ALLOW: "127.0.0.1",
};

/** ponte `serve` in this process (with the API's floor routes), the Chatwoot emulator in its own. */
export interface Gateway {
  server: TestServer;
  chatwoot: EmulatorProcess;
  accountToken: string;
  close(): Promise<void>;
}

export async function benchGateway(env: Record<string, string> = {}): Promise<Gateway> {
  const chatwoot = await EmulatorProcess.start({
    messagesPerMinute: 1_000_000_000,
    maxRecords: 1_000,
    // Chatwoot delivers webhooks from many Sidekiq workers; one in order would queue the
    // replies behind the inbound messages' webhooks and charge that wait to ponte.
    webhookConcurrency: 16,
  });
  try {
    const server = await startTestServer({
      role: "serve",
      env: { ...FAST_QUEUE, ...BENCH_ENV, ...env },
      routes: registerFloorRoutes,
    });
    const account = await server.createAccount("Acme", 50);
    return {
      server,
      chatwoot,
      accountToken: account.token,
      close: async () => {
        await server.close();
        await chatwoot.close();
      },
    };
  } catch (error) {
    await chatwoot.close();
    throw error;
  }
}

export { liveInstance, type ActiveInstance };

/** A contact of the bench (a Brazilian mobile number, as customers have). */
export const contactPhone = (index: number) =>
  `55119${String(10_000_000 + index).padStart(8, "0")}`;

/** Injects a text from a contact straight on the sandbox phone (no HTTP in between). */
export function inject(
  gateway: { server: TestServer },
  instanceId: string,
  contact: number,
  text: string,
): void {
  const connection = gateway.server.runtime.sandbox.connection(instanceId);
  if (connection === undefined) throw new Error("bench: the sandbox instance is not connected");
  connection.receive({
    sender: { phone: contactPhone(contact), lid: null, name: `Contact ${contact}` },
    group: null,
    body: { kind: "text", text },
    replyTo: null,
    mentions: [],
  });
}

/** An emulator in its own process, or one in this process (the resume section's). */
interface Counted {
  chatwoot: EmulatorProcess | { control: { callCounts(): Record<string, number> } };
}

const callCounts = async ({ chatwoot }: Counted) =>
  "control" in chatwoot ? chatwoot.control.callCounts() : chatwoot.callCounts();

export async function createdMessages(gateway: Counted): Promise<number> {
  return (await callCounts(gateway))["messages.create"] ?? 0;
}

export async function chatwootCalls(gateway: Counted): Promise<number> {
  return Object.values(await callCounts(gateway)).reduce((a, b) => a + b, 0);
}

/** Rows of a table of ponte's database. */
export async function rowCount(gateway: Gateway, table: string): Promise<number> {
  const result = await sql<{
    n: number | string;
  }>`select count(*) as n from ${sql.table(table)}`.execute(gateway.server.runtime.database.db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Bytes the database takes (SQLite pages, or PostgreSQL's schema relations). */
export async function databaseBytes(gateway: Gateway): Promise<number> {
  const { db, dialect } = gateway.server.runtime.database;
  if (dialect === "sqlite") {
    const pages = await sql<{
      n: number | string;
    }>`select page_count * page_size as n from pragma_page_count(), pragma_page_size()`.execute(db);
    return Number(pages.rows[0]?.n ?? 0);
  }
  const size = await sql<{
    n: string;
  }>`select coalesce(sum(pg_total_relation_size(c.oid)), 0) as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = current_schema() and c.relkind = 'r'`.execute(
    db,
  );
  return Number(size.rows[0]?.n ?? 0);
}
