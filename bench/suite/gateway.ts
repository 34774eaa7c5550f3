/** Starting ponte `serve` beside the emulator for the suite, and playing the customer. */
import { sql } from "kysely";
import {
  liveInstance,
  startGateway,
  type ActiveInstance,
  type Gateway,
} from "../../test/bridge/support/gateway-harness.js";

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

export async function benchGateway(env: Record<string, string> = {}): Promise<Gateway> {
  return startGateway({
    server: { env: { ...BENCH_ENV, ...env } },
    chatwoot: {
      now,
      limits: { conversationMessagesPerMinute: 1_000_000_000 },
      maxRecords: 1_000,
      // Chatwoot delivers webhooks from many Sidekiq workers; one in order would queue the
      // replies behind the inbound messages' webhooks and charge that wait to ponte.
      webhookConcurrency: 16,
    },
  });
}

export { liveInstance, type ActiveInstance, type Gateway };

/** A contact of the bench (a Brazilian mobile number, as customers have). */
export const contactPhone = (index: number) =>
  `55119${String(10_000_000 + index).padStart(8, "0")}`;

/** Injects a text from a contact straight on the sandbox phone (no HTTP in between). */
export function inject(gateway: Gateway, instanceId: string, contact: number, text: string): void {
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

export function createdMessages(gateway: Gateway): number {
  return gateway.chatwoot.control.callCounts()["messages.create"] ?? 0;
}

export function chatwootCalls(gateway: Gateway): number {
  return Object.values(gateway.chatwoot.control.callCounts()).reduce((a, b) => a + b, 0);
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
