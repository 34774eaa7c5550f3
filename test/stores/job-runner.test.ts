/**
 * A job whose calls take longer than its claim's lock keeps its claim while it runs:
 * the runner renews the claims of the jobs in flight, so another process never takes a
 * live job (which would relay its message twice). A runner whose slots are mostly held
 * by long jobs still fills a freed slot, at its next poll. Both dialects.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bridgeDb, type BridgeDb, type BridgeTx } from "../../src/bridge/bridge-schema.js";
import { JobRunner, type JobRunnerOptions } from "../../src/bridge/queue/job-runner.js";
import { JobStore, type Job } from "../../src/bridge/queue/job-store.js";
import { ManualClock } from "../../src/platform/clock.js";
import type { DialectName } from "../../src/platform/db/database.js";
import { createLogger } from "../../src/platform/logger.js";
import { waitFor } from "../events/support/helpers.js";
import { DIALECTS, openTestDatabasePair, type DatabasePair } from "../support/databases.js";
import { seedIntegration } from "../support/seed.js";

const LOCK_MS = 300;

describe.each(DIALECTS)("the job runner on %s", (dialect: DialectName) => {
  let pair: DatabasePair | undefined;

  beforeAll(async () => {
    pair = await openTestDatabasePair(dialect);
    if (pair === undefined) return;
    await seedIntegration(pair.a, "long");
    await seedIntegration(pair.a, "busy");
    await seedIntegration(pair.a, "together");
  });
  afterAll(async () => {
    await pair?.dispose();
  });

  /** A runner on the first connection, with the given handlers and settings. */
  const runnerOf = (
    database: DatabasePair["a"],
    clock: ManualClock,
    handlers: JobRunnerOptions["handlers"],
    settings: Pick<JobRunnerOptions, "owner" | "concurrency" | "lockMs" | "pollMs">,
    db: BridgeDb = bridgeDb(database),
  ) =>
    new JobRunner({
      db,
      dialect,
      handlers,
      clock,
      logger: createLogger("silent"),
      maxAttempts: 3,
      backoff: { baseMs: 10, capMs: 100 },
      ...settings,
    });

  it("renews a long job's claim while the job runs, so another process cannot take it", async (context) => {
    if (pair === undefined) return context.skip();
    const clock = new ManualClock();
    let calls = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const runner = runnerOf(
      pair.a,
      clock,
      {
        slow: {
          handle: async () => {
            calls += 1;
            await released;
            return { kind: "done" };
          },
        },
      },
      { owner: "runner-a", concurrency: 4, lockMs: LOCK_MS, pollMs: 20 },
    );
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

  // A job that ends while 7 of 8 slots stay busy frees too few to claim again at once
  // (a quarter, 2, is the mark); the poll must still fill the slot while they stay busy.
  it("fills a freed slot at its poll while most slots hold long jobs", async (context) => {
    if (pair === undefined) return context.skip();
    const clock = new ManualClock();
    const started: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const runner = runnerOf(
      pair.a,
      clock,
      {
        hold: {
          handle: async (job) => {
            started.push(job.orderKey);
            await released;
            return { kind: "done" };
          },
        },
        quick: {
          handle: (job) => {
            started.push(job.orderKey);
            return Promise.resolve({ kind: "done" });
          },
        },
      },
      { owner: "runner-busy", concurrency: 8, lockMs: 60_000, pollMs: 50 },
    );
    const jobs = new JobStore(bridgeDb(pair.a), dialect);
    const job = (kind: string, orderKey: string) => ({
      integrationId: "busy",
      kind,
      orderKey,
      payload: {},
    });
    // Claimed in queue order: seven holders and one quick job fill the eight slots; the
    // last job waits for a slot.
    await jobs.enqueue(
      [
        ...Array.from({ length: 7 }, (_, i) => job("hold", `hold-${i}`)),
        job("quick", "quick-first"),
        job("quick", "quick-waiting"),
      ],
      clock.now(),
    );
    runner.start();
    try {
      await waitFor(() => started.includes("quick-waiting"), "the waiting job to start");
      expect(started.filter((key) => key.startsWith("hold-"))).toHaveLength(7);
      expect(started.indexOf("quick-first")).toBeLessThan(started.indexOf("quick-waiting"));
      // The holders are still running: the waiting job took the freed slot, not theirs.
      // (The waiting job itself may or may not have finished by now.)
      const running = await jobs.list("running", "busy", 10);
      expect(running.filter((j) => j.kind === "hold")).toHaveLength(7);
    } finally {
      release();
      await runner.close();
    }
  });

  /**
   * Six jobs of six conversations: the first one's completion is held open while the
   * other five finish, so those five wait for it and must then complete together. Each
   * job's own write (a row in bridge_deliveries) commits with its completion. `lapse`
   * hands one waiting job's claim to another process before the batch commits.
   */
  async function finishTogether(owner: string, lapse: boolean) {
    if (pair === undefined) throw new Error("no database");
    const db = bridgeDb(pair.a);
    let transactions = 0;
    const counted = new Proxy(db, {
      get(target, property) {
        if (property === "transaction") transactions += 1;
        const value: unknown = Reflect.get(target, property);
        return typeof value === "function" ? (value as () => unknown).bind(target) : value;
      },
    });
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let commitFirst!: () => void;
    const firstCommits = new Promise<void>((resolve) => (commitFirst = resolve));
    let finished = 0;
    const write = (job: Job) => (tx: BridgeTx) =>
      tx
        .insertInto("bridge_deliveries")
        .values({
          integration_id: "together",
          delivery_id: job.orderKey,
          received_at: 0,
        })
        .execute()
        .then(() => undefined);
    const runner = runnerOf(
      pair.a,
      new ManualClock(),
      {
        first: {
          handle: (job) =>
            Promise.resolve({
              kind: "done",
              commit: async (tx) => {
                await firstCommits;
                await write(job)(tx);
              },
            }),
        },
        later: {
          handle: async (job) => {
            await gate;
            finished += 1;
            return { kind: "done", commit: write(job) };
          },
        },
      },
      { owner, concurrency: 8, lockMs: 60_000, pollMs: 1_000 },
      counted,
    );
    const jobs = new JobStore(db, dialect);
    await jobs.enqueue(
      [
        { integrationId: "together", kind: "first", orderKey: `${owner}-0`, payload: {} },
        ...[1, 2, 3, 4, 5].map((n) => ({
          integrationId: "together",
          kind: "later",
          orderKey: `${owner}-${n}`,
          payload: {},
        })),
      ],
      0,
    );
    runner.start();
    try {
      await waitFor(() => transactions === 1, "the first job's completion to begin");
      if (lapse) {
        await bridgeDb(pair.b)
          .updateTable("bridge_jobs")
          .set({ locked_by: "another-process" })
          .where("order_key", "=", `${owner}-3`)
          .execute();
      }
      openGate();
      await waitFor(() => finished === 5, "the other five to finish");
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(transactions).toBe(1);
      commitFirst();
      await waitFor(
        async () => (await jobs.list("running", "together", 10)).length === (lapse ? 1 : 0),
        "the completions to commit",
      );
    } finally {
      openGate();
      commitFirst();
      await runner.close();
    }
    const written = await db
      .selectFrom("bridge_deliveries")
      .select("delivery_id")
      .where("delivery_id", "like", `${owner}-%`)
      .execute();
    return { transactions, written: written.map((row) => row.delivery_id).sort() };
  }

  it("completes jobs that finish during another's completion in one transaction", async (context) => {
    if (pair === undefined) return context.skip();
    const { transactions, written } = await finishTogether("group", false);
    expect(transactions).toBe(2);
    expect(written).toEqual([0, 1, 2, 3, 4, 5].map((n) => `group-${n}`));
  });

  it("completes the others alone when one claim of the batch lapsed, without that job's write", async (context) => {
    if (pair === undefined) return context.skip();
    const { transactions, written } = await finishTogether("lapse", true);
    // The first alone, the batch rolled back, then each of the five alone.
    expect(transactions).toBe(7);
    expect(written).toEqual([0, 1, 2, 4, 5].map((n) => `lapse-${n}`));
    const taken = await new JobStore(bridgeDb(pair.a), dialect).list("running", "together", 10);
    expect(taken.map((job) => [job.orderKey, job.state])).toEqual([["lapse-3", "running"]]);
  });
});
