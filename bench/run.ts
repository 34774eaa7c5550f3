/**
 * The benchmark suite (issue 11): `npm run bench` (full) or `npm run bench -- --quick`.
 * Starts ponte `serve` with the sandbox provider beside the Chatwoot emulator on
 * loopback, on SQLite and (full run, when 127.0.0.1:5432 answers) on PostgreSQL in a
 * fresh schema, and writes bench/results/latest.json and latest.md. Progress goes to
 * stderr. No figure is written down anywhere but here: each is measured in the run.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { serviceAvailable } from "../test/support/services.js";
import { measureApi } from "./suite/api.js";
import { measureCluster } from "./suite/cluster.js";
import { benchGateway, liveInstance } from "./suite/gateway.js";
import { measureInbound } from "./suite/inbound.js";
import { measureOutbound, measurePeerOutbound } from "./suite/outbound.js";
import { planFor, type Plan } from "./suite/plan.js";
import { judge, machine, write, type Results } from "./suite/report.js";
import { measureResume } from "./suite/resume.js";
import { measureScale } from "./suite/scale.js";
import { Figures, progress, type Figure } from "./suite/stats.js";
import { measureWebhooks } from "./suite/webhooks.js";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    /** Runs the PostgreSQL part in a quick run too (a full run always does, if reachable). */
    postgres: { type: "boolean", default: false },
    /** Internal: run the database sections on this database and write figures to --out. */
    db: { type: "string" },
    out: { type: "string" },
  },
});
const planned = planFor(values.quick ? "quick" : "full");
const plan = { ...planned, postgres: planned.postgres || values.postgres };
const here = path.dirname(new URL(import.meta.url).pathname);

/** The relay, webhook, outbound and API sections on the database the harness picks. */
async function databaseSections(db: string, figures: Figures, withPeers: boolean): Promise<void> {
  progress(`${db}: starting ponte serve and the Chatwoot emulator`);
  const gateway = await benchGateway();
  try {
    const instance = await liveInstance(gateway);
    await measureInbound(gateway, instance, figures, {
      db,
      ...plan.inbound,
      driverCalls: plan.driverCalls,
    });
    await measureOutbound(gateway, instance, figures, { db, ...plan.outbound });
    if (withPeers) await measurePeerOutbound(gateway, figures, { db, ...plan.outbound });
    await measureWebhooks(gateway, figures, { db, ...plan.webhooks });
    await measureApi(gateway, figures, { db, runs: plan.runs, ...plan.api });
  } finally {
    await gateway.close();
  }
}

async function postgresFigures(): Promise<Figure[]> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ponte-bench-")), "pg.json");
  const args = [
    "--import",
    "tsx",
    path.join(here, "run.ts"),
    "--db",
    "postgres",
    "--out",
    out,
    ...(plan.mode === "quick" ? ["--quick"] : []),
  ];
  const child = execFile(process.execPath, args, {
    env: { ...process.env, PONTE_TEST_DB: "postgres" },
    maxBuffer: 16 * 2 ** 20,
  });
  child.stderr?.pipe(process.stderr);
  await new Promise<void>((resolve, reject) =>
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`bench: the PostgreSQL run exited with ${code}`)),
    ),
  );
  return JSON.parse(fs.readFileSync(out, "utf8")) as Figure[];
}

async function main(p: Plan): Promise<void> {
  if (values.db !== undefined) {
    const figures = new Figures();
    await databaseSections(values.db, figures, false);
    fs.writeFileSync(values.out ?? "/dev/stdout", JSON.stringify(figures.list));
    return;
  }
  const started = Date.now();
  const figures = new Figures();
  await databaseSections("sqlite", figures, true);
  await measureResume(figures, { db: "sqlite", ...p.resume });
  await measureScale(figures, p.scaleSizes, p.scaleIdleMs);
  const results = (postgres: Results["postgres"]): Results => ({
    mode: p.mode,
    startedAt: new Date(started).toISOString(),
    durationS: (Date.now() - started) / 1000,
    machine: machine(),
    databases: postgres === "measured" ? ["sqlite", "postgres"] : ["sqlite"],
    postgres,
    figures: figures.list,
    targets: judge(figures.list),
  });
  const dir = path.join(here, "results");
  if (!p.postgres) write(results("skipped (quick run)"), dir);
  else if (!(await serviceAvailable("postgres"))) write(results("unreachable"), dir);
  else {
    // The SQLite figures are kept even if the PostgreSQL part never ends.
    write(results("still running when this was written"), dir);
    for (const f of await postgresFigures()) figures.add(f);
    await measureCluster(figures, p.cluster);
    write(results("measured"), dir);
  }
  const final = JSON.parse(fs.readFileSync(path.join(dir, "latest.json"), "utf8")) as Results;
  progress(`done in ${Math.round(final.durationS)} s: bench/results/latest.json and latest.md`);
  for (const t of final.targets) {
    process.stdout.write(
      `${t.met === null ? "?" : t.met ? "met   " : "MISSED"} ${t.name}: ${t.value ?? "—"} ${t.unit}\n`,
    );
  }
}

await main(plan);
// Keep-alive sockets of the load generators must not hold the process open.
process.exit(0);
