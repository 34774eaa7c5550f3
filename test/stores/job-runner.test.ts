/**
 * A job whose calls take longer than its claim's lock keeps its claim while it runs:
 * the runner renews the claims of the jobs in flight, so another process never takes a
 * live job (which would relay its message twice). Both dialects, two connections.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bridgeDb } from "../../src/bridge/bridge-schema.js";
import { JobRunner } from "../../src/bridge/queue/job-runner.js";
import { JobStore } from "../../src/bridge/queue/job-store.js";
import { ManualClock } from "../../src/platform/clock.js";
import type { DialectName } from "../../src/platform/db/database.js";
import { createLogger } from "../../src/platform/logger.js";
import { waitFor } from "../events/support/helpers.js";
import { DIALECTS, openTestDatabasePair, type DatabasePair } from "../support/databases.js";
import { seedIntegration } from "../support/seed.js";

const LOCK_MS = 300;

describe.each(DIALECTS)("a long job's claim on %s", (dialect: DialectName) => {
  let pair: DatabasePair | undefined;

  beforeAll(async () => {
    pair = await openTestDatabasePair(dialect);
    if (pair === undefined) return;
    await seedIntegration(pair.a, "long");
  });
  afterAll(async () => {
    await pair?.dispose();
  });

  it("is renewed while the job runs, so another process cannot take it", async (context) => {
    if (pair === undefined) return context.skip();
    const clock = new ManualClock();
    let calls = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const runner = new JobRunner({
      db: bridgeDb(pair.a),
      dialect,
      handlers: {
        slow: {
          handle: async () => {
            calls += 1;
            await released;
            return { kind: "done" };
          },
        },
      },
      owner: "runner-a",
      clock,
      logger: createLogger("silent"),
      concurrency: 4,
      lockMs: LOCK_MS,
      maxAttempts: 3,
      backoff: { baseMs: 10, capMs: 100 },
      pollMs: 20,
    });
    const a = new JobStore(bridgeDb(pair.a), dialect);
    const b = new JobStore(bridgeDb(pair.b), dialect);
    await a.enqueue(
      [{ integrationId: "long", kind: "slow", orderKey: "k", payload: {} }],
      clock.now(),
    );
    runner.start();
    try {
      await waitFor(() => calls === 1, "the job to start");
      const [job] = await a.list("running", "long", 1);
      expect(job).toBeDefined();

      // Far past the first deadline: only a renewal keeps the claim.
      clock.advance(10 * LOCK_MS);
      const lockedUntil = async () =>
        (
          await bridgeDb(pair!.b)
            .selectFrom("bridge_jobs")
            .select("locked_until")
            .where("id", "=", job!.id)
            .executeTakeFirstOrThrow()
        ).locked_until;
      await waitFor(
        async () => Number(await lockedUntil()) > clock.now(),
        "the runner to renew its claim",
      );
      expect(await b.claim("runner-b", clock.now(), 10, LOCK_MS)).toEqual([]);

      release();
      await waitFor(async () => (await a.get(job!.id))?.state === "done", "the job to finish");
      expect(calls).toBe(1);
      expect((await a.get(job!.id))?.attempts).toBe(1);
    } finally {
      release();
      await runner.close();
    }
  });
});
