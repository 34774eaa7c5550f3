/**
 * `GET /api/instance/list` on an account of 2,000 instances (issue 14, item 3): a fixed
 * number of queries whatever the count, pages on request, and `/health` answers while
 * a list is under way (the list is paused at its first turn of the event loop, so the
 * order is certain, not a matter of timing).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { instanceRecord, seedInstance } from "../support/seed.js";
import { waitFor, type Body } from "../events/support/helpers.js";

const COUNT = 2_000;

describe("listing a large account", () => {
  let server: TestServer;
  let big: { id: string; token: string };
  let small: { id: string; token: string };
  const counting = new AsyncLocalStorage<{ queries: number }>();
  let paused = false;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });

  beforeAll(async () => {
    server = await startTestServer({
      onQuery: () => {
        const counter = counting.getStore();
        if (counter !== undefined) counter.queries += 1;
      },
      listYield: () => {
        paused = true;
        return gate;
      },
    });
    const { db } = server.runtime.database;
    const { secrets } = server.runtime;
    big = await server.createAccount("Big", COUNT + 10);
    small = await server.createAccount("Small", 10);
    const base = Date.parse("2026-01-01T00:00:00Z");
    const records = Array.from({ length: COUNT }, (_, i) =>
      instanceRecord(secrets, big.id, {
        name: `inst-${String(i).padStart(4, "0")}`,
        createdAt: new Date(base + i * 1000).toISOString(),
      }),
    );
    // A few parallel writers: PostgreSQL takes them at once, SQLite in turn.
    for (let i = 0; i < records.length; i += 8)
      await Promise.all(
        records.slice(i, i + 8).map((r) => seedInstance(db, secrets, r, COUNT + 10)),
      );
    await server.createInstance(small.token, { name: "only", webhookURL: "http://127.0.0.1:9/h" });
    await server.createInstance(big.token, {
      name: "zz-configured",
      webhookURL: "http://127.0.0.1:9/h",
      websocketEnabled: true,
    });
  }, 120_000);
  afterAll(async () => {
    release();
    await server.close();
  });

  it("answers /health while a list of 2,000 instances is under way", async () => {
    const listing = server.request<Body>("GET", "/api/instance/list", { token: big.token });
    await waitFor(() => paused, "the list to give the event loop a turn", 60_000);
    const health = await server.request<Body>("GET", "/health");
    expect(health.status).toBe(200);
    release();
    const list = await listing;
    expect(list.status).toBe(200);
    expect(list.body.message).toBe(`${COUNT + 1} Instances found`);
    expect(list.body.instances).toHaveLength(COUNT + 1);
    expect(list.body.pagination).toBeUndefined();
    const configured = list.body.instances.at(-1);
    expect(configured).toMatchObject({
      name: "zz-configured",
      webhook: { enabled: true, url: "http://127.0.0.1:9/h" },
      websocket: { enabled: true },
      chatwoot: { enabled: false },
    });
    expect(configured.webhook.authorization).toBeUndefined();
    expect(list.body.instances[0]).toMatchObject({
      name: "inst-0000",
      webhook: { enabled: false },
    });
    expect(typeof list.body.instances[0].token).toBe("string");
  }, 120_000);

  it("reads any account in the same fixed number of queries", async () => {
    const queriesOf = async (accountId: string) => {
      const counter = { queries: 0 };
      const listing = await counting.run(counter, () =>
        server.runtime.instances.listViews(accountId),
      );
      return { queries: counter.queries, size: listing.views.length };
    };
    const large = await queriesOf(big.id);
    const one = await queriesOf(small.id);
    expect(large.size).toBe(COUNT + 1);
    expect(one.size).toBe(1);
    expect(large.queries).toBe(one.queries);
    // The instances with their blocks, and one per module (webhook, WebSocket, Chatwoot).
    expect(large.queries).toBeLessThanOrEqual(4);
  }, 120_000);

  it("pages with limit and offset, counting every match", async () => {
    const page = await server.request<Body>("GET", "/api/instance/list?limit=50&offset=1995", {
      token: big.token,
    });
    expect(page.status).toBe(200);
    expect(page.body.instances.map((i: Body) => i.name)).toEqual([
      "inst-1995",
      "inst-1996",
      "inst-1997",
      "inst-1998",
      "inst-1999",
      "zz-configured",
    ]);
    expect(page.body.pagination).toEqual({ limit: 50, offset: 1995, total: COUNT + 1 });
    expect(page.body.message).toBe("6 Instances found");
    const bad = await server.request<Body>("GET", "/api/instance/list?limit=0", {
      token: big.token,
    });
    expect(bad.status).toBe(400);
  });
});
