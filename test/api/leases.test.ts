import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/platform/clock.js";
import { startTestServer, type TestServer } from "../support/server.js";

// One clock that stands still for every process: rate-limit counts compared across
// requests never straddle a window's end, and lapses happen only when a test says so.
const clock = new ManualClock(Date.now());

/** Two API processes on one database: each instance's connection has one holder. */
describe("connection leases", () => {
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    a = await startTestServer({ clock });
    b = await startTestServer({
      clock,
      dataDir: a.dataDir,
      ...(a.pgSchema !== undefined ? { pgSchema: a.pgSchema } : {}),
    });
  });
  afterAll(async () => {
    await b.close(false);
    await a.close();
  });

  it("lets only the holder connect, and hands over when the holder's lease lapses", async () => {
    const account = await a.createAccount();
    const inst = await a.createInstance(account.token, { name: "shared" });
    const connected = await a.request("GET", `/api/instance/connect/${inst.name}`, {
      token: inst.token,
    });
    expect(connected.body).toMatchObject({ status: "connected" });

    // B does not hold the connection: it forwards to A, the holder.
    const forwarded = await b.request("GET", `/api/instance/connect/${inst.name}`, {
      token: inst.token,
    });
    expect(forwarded.body).toMatchObject({ status: "connected" });
    expect(b.runtime.connections.held(inst.id)).toBeUndefined();
    await b.runtime.instances.resumeConnections();
    expect(b.runtime.connections.held(inst.id)).toBeUndefined();

    // A stalls past its lease (as a crashed process would): B takes over.
    await a.runtime.database.db
      .updateTable("leases")
      .set({ expires_at: 0 })
      .where("scope", "=", "connection")
      .where("key", "=", inst.id)
      .execute();
    await b.runtime.instances.resumeConnections();
    expect(b.runtime.connections.held(inst.id)?.isConnected()).toBe(true);

    // A notices at its next renewal and lets go, so the phone is never linked twice.
    await a.runtime.connections.renewLeases();
    expect(a.runtime.connections.held(inst.id)).toBeUndefined();
    const lease = await a.runtime.database.db
      .selectFrom("leases")
      .selectAll()
      .where("scope", "=", "connection")
      .where("key", "=", inst.id)
      .executeTakeFirstOrThrow();
    expect(lease.owner_id).toBe(b.runtime.connections.ownerId);
  });

  it("releases leases on a clean stop so another process resumes at once", async () => {
    const c = await startTestServer({
      clock,
      dataDir: a.dataDir,
      ...(a.pgSchema !== undefined ? { pgSchema: a.pgSchema } : {}),
    });
    const account = await c.createAccount();
    const inst = await c.createInstance(account.token, { name: "handover" });
    await c.request("GET", `/api/instance/connect/${inst.name}`, { token: inst.token });
    await c.close(false);
    await a.runtime.instances.resumeConnections();
    expect(a.runtime.connections.held(inst.id)?.isConnected()).toBe(true);
  });

  it("forwards sends to the holder, counted once, and answers here when the holder is gone", async () => {
    const account = await a.createAccount();
    const inst = await a.createInstance(account.token, { name: "forwarded" });
    await a.request("GET", `/api/instance/connect/${inst.name}`, { token: inst.token });

    const sent = await b.request<Record<string, any>>("POST", `/api/message/text/${inst.name}`, {
      token: inst.token,
      body: { number: "5511988887777", message: "via another process" },
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ success: true, status: "sent" });
    const outbox = await a.request<Record<string, any>>("GET", `/api/sandbox/outbox/${inst.name}`, {
      token: inst.token,
    });
    expect(JSON.stringify(outbox.body)).toContain("via another process");
    if (a.runtime.config.redisUrl === undefined) {
      // In-memory buckets are per process: A counted only its own two requests, so the
      // forwarded send was counted once, by B.
      const next = await a.request("GET", `/api/instance/getSettings/${inst.name}`, {
        token: inst.token,
      });
      const limit = Number(next.headers.get("x-ratelimit-limit"));
      expect(Number(next.headers.get("x-ratelimit-remaining"))).toBe(limit - 3);
    }

    // The holder's address stops answering: B answers itself rather than failing the call.
    await a.runtime.database.db
      .updateTable("leases")
      .set({ owner_url: "http://127.0.0.1:9" })
      .where("scope", "=", "connection")
      .where("key", "=", inst.id)
      .execute();
    const alone = await b.request("POST", `/api/message/text/${inst.name}`, {
      token: inst.token,
      body: { number: "5511988887777", message: "nobody forwards this" },
    });
    expect(alone.status).toBe(503);
    expect(b.log.text()).toContain("holder unreachable; answering here");
  });

  it("forwards exactly the routes whose configuration says they need the connection", async () => {
    const account = await a.createAccount();
    const inst = await a.createInstance(account.token, { name: "route-config" });
    await a.request("GET", `/api/instance/connect/${inst.name}`, { token: inst.token });
    const served = b.routes.filter((r) => r.method !== "HEAD" && r.url.endsWith("/:instance"));
    const bound = served.filter((r) => r.config.connectionBound === true);
    expect(bound.map((r) => r.url)).toContain("/api/message/text/:instance");
    // Logging out ends A's hold on the connection, and rotating the token ends the
    // token's use: they go last, in that order.
    const last = (url: string) =>
      url.includes("/rotateToken/") ? 2 : url.includes("/logout/") ? 1 : 0;
    const order = [...served].sort((x, y) => last(x.url) - last(y.url));
    const reachedA = (path: string) =>
      a.log.lines().some((line) => (line.req as { url?: string } | undefined)?.url === path);
    for (const route of order) {
      if (route.url.startsWith("/ws/")) continue; // WebSocket upgrades are never forwarded
      const path = route.url.replace(":instance", inst.name);
      await b.request(route.method, path, { token: inst.token });
      expect({ route: `${route.method} ${route.url}`, forwarded: reachedA(path) }).toEqual({
        route: `${route.method} ${route.url}`,
        forwarded: route.config.connectionBound === true,
      });
    }
  });

  it("does not trust a forged forwarding marker", async () => {
    const account = await b.createAccount();
    const inst = await b.createInstance(account.token, { name: "forged" });
    const first = await b.request("GET", `/api/instance/getSettings/${inst.name}`, {
      token: inst.token,
    });
    const forged = await b.request("GET", `/api/instance/getSettings/${inst.name}`, {
      token: inst.token,
      headers: { "x-ponte-forwarded": `${Date.now()}.forged` },
    });
    expect(Number(forged.headers.get("x-ratelimit-remaining"))).toBe(
      Number(first.headers.get("x-ratelimit-remaining")) - 1,
    );
  });
});
