import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

/** Two API processes on one database: each instance's connection has one holder. */
describe("connection leases", () => {
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    a = await startTestServer();
    b = await startTestServer({
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

    const refused = await b.request("GET", `/api/instance/connect/${inst.name}`, {
      token: inst.token,
    });
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({
      success: false,
      error: { message: "Instance is connected through another ponte process" },
    });
    await b.runtime.instances.resumeConnections();
    expect(b.runtime.connections.held(inst.id)).toBeUndefined();

    // A stalls past its lease (as a crashed process would): B takes over.
    await a.runtime.database.db
      .updateTable("connection_leases")
      .set({ expires_at: 0 })
      .where("instance_id", "=", inst.id)
      .execute();
    await b.runtime.instances.resumeConnections();
    expect(b.runtime.connections.held(inst.id)?.isConnected()).toBe(true);

    // A notices at its next renewal and lets go, so the phone is never linked twice.
    await a.runtime.connections.renewLeases();
    expect(a.runtime.connections.held(inst.id)).toBeUndefined();
    const lease = await a.runtime.database.db
      .selectFrom("connection_leases")
      .selectAll()
      .where("instance_id", "=", inst.id)
      .executeTakeFirstOrThrow();
    expect(lease.owner_id).toBe(b.runtime.connections.ownerId);
  });

  it("releases leases on a clean stop so another process resumes at once", async () => {
    const c = await startTestServer({
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
});
