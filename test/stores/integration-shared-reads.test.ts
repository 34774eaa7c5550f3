/**
 * The gateway's jobs read their integration through shared reads: jobs claimed together
 * share one statement, and a job claimed after another process updated the integration
 * must see the update even while an older reading is still in flight. Both dialects,
 * the other process on a connection of its own.
 */
import type { KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bridgeDb } from "../../src/bridge/bridge-schema.js";
import { IntegrationStore } from "../../src/bridge/integrations/integration-store.js";
import { JobStore } from "../../src/bridge/queue/job-store.js";
import { SecretBox } from "../../src/platform/crypto.js";
import { nextMark } from "../../src/platform/db/shared-reads.js";
import { DIALECTS, openTestDatabasePair, type DatabasePair } from "../support/databases.js";
import { seedIntegration } from "../support/seed.js";

const secrets = SecretBox.fromKey("f".repeat(64));

/** Counts the statements run through a handle, and can hold the next one's result. */
function watcher() {
  let held: { ran: () => void; opened: Promise<void> } | undefined;
  let runs = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      runs += 1;
      const hold = held;
      held = undefined;
      if (hold !== undefined) {
        hold.ran();
        await hold.opened;
      }
      return args.result;
    },
  };
  return {
    plugin,
    runs: () => runs,
    /**
     * Holds the next statement's result until `open` is called; `executed` resolves
     * once that statement has run.
     */
    holdNext() {
      let open = () => {};
      let ran = () => {};
      const opened = new Promise<void>((resolve) => (open = resolve));
      const executed = new Promise<void>((resolve) => (ran = resolve));
      held = { ran, opened };
      return { executed, open };
    },
  };
}

describe.each(DIALECTS)("the integration read by jobs on %s", (dialect) => {
  let pair: DatabasePair | undefined;

  beforeAll(async () => {
    pair = await openTestDatabasePair(dialect);
  });
  afterAll(async () => {
    await pair?.dispose();
  });

  async function seeded(id: string, databases: DatabasePair) {
    await seedIntegration(databases.a, id);
    await bridgeDb(databases.a)
      .updateTable("bridge_integrations")
      .set({
        chatwoot_token_sealed: secrets.seal("token"),
        webhook_secret_sealed: secrets.seal("secret"),
      })
      .where("id", "=", id)
      .execute();
  }

  it("is read once for the jobs of one claim", async ({ skip }) => {
    if (pair === undefined) return skip();
    await seeded("claim-together", pair);
    const jobs = new JobStore(bridgeDb(pair.a), dialect);
    const now = Date.now();
    const before = nextMark();
    await jobs.enqueue(
      ["c1", "c2", "c3"].map((key) => ({
        integrationId: "claim-together",
        kind: "inbound",
        orderKey: key,
        payload: {},
      })),
      now,
    );
    const claimed = await jobs.claim("gateway-a", now, 10, 30_000);
    expect(claimed).toHaveLength(3);
    const mark = claimed[0]?.claimedMark;
    expect(mark).toBeGreaterThan(before);
    expect(claimed.every((job) => job.claimedMark === mark)).toBe(true);

    const watch = watcher();
    const store = new IntegrationStore(
      bridgeDb({ ...pair.a, db: pair.a.db.withPlugin(watch.plugin) }),
      secrets,
    );
    const read = await Promise.all(
      claimed.map((job) => store.get(job.integrationId, job.claimedMark)),
    );
    expect(watch.runs()).toBe(1);
    expect(read.map((i) => i?.id)).toEqual(["claim-together", "claim-together", "claim-together"]);
    // Without a mark, each caller reads for itself.
    await Promise.all([store.get("claim-together"), store.get("claim-together")]);
    expect(watch.runs()).toBe(3);
  });

  it("is read again for a job that began after another process's update", async ({ skip }) => {
    if (pair === undefined) return skip();
    await seeded("updated-meanwhile", pair);
    const watch = watcher();
    const store = new IntegrationStore(
      bridgeDb({ ...pair.a, db: pair.a.db.withPlugin(watch.plugin) }),
      secrets,
    );
    const other = new IntegrationStore(bridgeDb(pair.b), secrets);

    // A job claimed before the update reads; its statement runs, its answer is held.
    const earlyMark = nextMark();
    const hold = watch.holdNext();
    const early = store.get("updated-meanwhile", earlyMark);
    await hold.executed;
    // Another job of the same claim joins that reading.
    const sameClaim = store.get("updated-meanwhile", earlyMark);

    // Another process renames the inbox and commits; then a job is claimed here.
    const current = await other.get("updated-meanwhile");
    if (current === undefined) throw new Error("the integration was not seeded");
    await other.update({ ...current, inboxName: "Renamed" });
    const lateMark = nextMark();
    const late = store.get("updated-meanwhile", lateMark);

    hold.open();
    expect((await early)?.inboxName).toBe("WhatsApp");
    expect((await sameClaim)?.inboxName).toBe("WhatsApp");
    expect((await late)?.inboxName).toBe("Renamed");
    expect(watch.runs()).toBe(2);
  });
});
