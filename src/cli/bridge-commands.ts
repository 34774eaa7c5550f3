/**
 * `ponte bridge jobs list|retry`: the gateway's dead letters from the command line. It
 * works on the database directly, so it needs no running gateway; a running one picks a
 * retried job up at its next look at the queue (BRIDGE_POLL_MS).
 */
import { systemClock } from "../platform/clock.js";
import type { Config } from "../platform/config.js";
import path from "node:path";
import { openDatabase } from "../platform/db/database.js";
import { bridgeDb, type JobState } from "../bridge/bridge-schema.js";
import { JobStore } from "../bridge/queue/job-store.js";
import { jobView } from "../bridge/queue/job-view.js";

export type JobsCommand =
  | {
      kind: "list";
      state: JobState;
      integrationId?: string | undefined;
      json?: boolean | undefined;
    }
  | { kind: "retry"; ids: number[]; json?: boolean | undefined };

export async function runJobsCommand(config: Config, command: JobsCommand): Promise<void> {
  // Opened here (not through the API's composition root) so no provider code loads.
  const database = await openDatabase({
    url: config.databaseUrl,
    sqliteFile: path.join(config.dataDir, "ponte.db"),
  });
  try {
    const jobs = new JobStore(bridgeDb(database), database.dialect);
    if (command.kind === "list") {
      const list = (await jobs.list(command.state, command.integrationId, 500)).map(jobView);
      if (command.json === true) {
        process.stdout.write(`${JSON.stringify(list)}\n`);
        return;
      }
      if (list.length === 0) process.stdout.write(`no ${command.state} jobs\n`);
      for (const job of list) {
        process.stdout.write(
          `${job.id}  ${job.kind}  ${job.integration_id}  ${job.attempts} attempts  ${job.updated_at}\n` +
            `    ${job.subject}\n    ${job.last_error}\n`,
        );
      }
      return;
    }
    const results = [];
    for (const id of command.ids) {
      const retried = await jobs.replay(id, systemClock.now());
      const job = await jobs.get(id);
      results.push({ id, retried, state: job?.state ?? "unknown" });
    }
    if (command.json === true) process.stdout.write(`${JSON.stringify(results)}\n`);
    else {
      for (const r of results) {
        process.stdout.write(
          r.retried
            ? `job ${r.id} queued again\n`
            : r.state === "unknown"
              ? `job ${r.id} not found\n`
              : `job ${r.id} not retried: it is ${r.state}, not dead\n`,
        );
      }
    }
    if (results.some((r) => !r.retried)) process.exitCode = 1;
  } finally {
    await database.close();
  }
}
