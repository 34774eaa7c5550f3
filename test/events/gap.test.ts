/**
 * `?after=` older than what retention kept: both streams say so with a gap frame first
 * (src/contracts/event-stream.ts) and go on from the oldest event kept, instead of
 * silently starting from what is left. Retention is stood in for by deleting the
 * oldest events from the log directly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { connectedInstance, inbound, openWs, waitFor, wsUrl } from "./support/helpers.js";

const BRIDGE_TOKEN = "bridge-service-token-for-tests-0003";
const bearer = { authorization: `Bearer ${BRIDGE_TOKEN}` };

describe("resuming from a pruned range", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { BRIDGE_URL: "http://127.0.0.1:9", BRIDGE_TOKEN } });
  });
  afterAll(async () => {
    await server.close();
  });

  /** A connected instance with messages, whose events up to `prunedUpTo` are gone. */
  async function prunedInstance(prunedUpTo: number | "all") {
    const inst = await connectedInstance(server, { websocketEnabled: true });
    for (const text of ["a", "b", "c", "d"]) {
      await inbound(server, inst, { from: "5511900000040", text });
    }
    const db = server.runtime.database.db;
    let query = db.deleteFrom("events").where("instance_id", "=", inst.id);
    if (prunedUpTo !== "all") query = query.where("seq", "<=", prunedUpTo);
    await query.execute();
    const latest = await db
      .selectFrom("event_sequences")
      .select("last_seq")
      .where("instance_id", "=", inst.id)
      .executeTakeFirstOrThrow();
    return { ...inst, latest: latest.last_seq };
  }

  const streams = (inst: { id: string; name: string; token: string }, after: number) => [
    openWs(wsUrl(server, `/ws/chatwoot/${inst.id}?after=${after}`), bearer),
    openWs(wsUrl(server, `/ws/${inst.name}?token=${inst.token}&after=${after}`)),
  ];

  it("sends the gap first, then every kept event from the oldest on", async () => {
    const inst = await prunedInstance(3);
    for (const opening of streams(inst, 0)) {
      const ws = await opening;
      await waitFor(() => ws.frames.length === inst.latest - 3 + 1, "the gap and the rest");
      expect(ws.frames[0]).toEqual({ type: "gap", requestedAfter: 0, resumedAfter: 3 });
      expect(ws.frames.slice(1).map((f) => f.seq)).toEqual(
        Array.from({ length: inst.latest - 3 }, (_, i) => i + 4),
      );
      await ws.close();
    }
  });

  it("sends no gap when after is at or past the oldest event kept, less one", async () => {
    const inst = await prunedInstance(3);
    for (const after of [3, 4]) {
      for (const opening of streams(inst, after)) {
        const ws = await opening;
        await waitFor(() => ws.frames.length === inst.latest - after, "the kept events");
        expect(ws.frames[0]!.seq).toBe(after + 1);
        expect(ws.frames.some((f) => f.type === "gap")).toBe(false);
        await ws.close();
      }
    }
  });

  it("resumes after the last seq when everything was pruned, then goes on live", async () => {
    const inst = await prunedInstance("all");
    for (const opening of streams(inst, 1)) {
      const ws = await opening;
      const gap = await waitFor(() => ws.frames[0], "the gap");
      expect(gap).toEqual({ type: "gap", requestedAfter: 1, resumedAfter: inst.latest });
      const { messageId } = await inbound(server, inst, { from: "5511900000041", text: "new" });
      await waitFor(() => ws.frames.find((f) => f.data?.id === messageId), "the new event");
      // Nothing but the gap came before what happened after the pruning.
      expect(ws.frames[1]!.seq).toBe(inst.latest + 1);
      await ws.close();
    }
  });

  it("sends no gap for an instance that never had an event", async () => {
    const account = await server.createAccount();
    const inst = await server.createInstance(account.token, { websocketEnabled: true });
    for (const opening of streams(inst, 0)) {
      const ws = await opening;
      await server.request("GET", `/api/instance/connect/${inst.name}`, { token: inst.token });
      await waitFor(() => ws.frames[0], "the first event");
      expect(ws.frames[0]!.seq).toBe(1);
      await ws.close();
      await server.request("DELETE", `/api/instance/logout/${inst.name}`, { token: inst.token });
    }
  });
});
