/**
 * `ponte demo`: the product's main job in one command, with no WhatsApp and no Chatwoot.
 * It starts, on loopback, the Chatwoot emulator and `ponte serve` on the embedded
 * default (SQLite in a temporary data folder, or `--data-dir`), then does what a new
 * user would: an account, a sandbox instance, the Chatwoot integration, a customer's
 * message into Chatwoot and an agent's reply back to WhatsApp. It prints each step and
 * the URLs and tokens to go on by hand, then runs until Ctrl-C (or stops: `--once`).
 *
 * The environment's deployment settings (DATA_DIR, DATABASE_URL, REDIS_URL, BRIDGE_*,
 * BASE_URL, PUBLIC_URL) are ignored on purpose: a demo must never write its account
 * and inbox into a real deployment's database or point a real gateway at an emulator.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startRuntime, type Runtime } from "../../app/runtime.js";
import type { Config } from "../../platform/config.js";
import { createLogger } from "../../platform/logger.js";
import { choosePort } from "./demo-ports.js";
import { DemoReport, playgroundLines, type Write } from "./demo-report.js";
import { runDemoSteps } from "./demo-script.js";
import { loadChatwootEmulator, type DemoChatwoot } from "./emulator-loader.js";

export interface DemoOptions {
  once: boolean;
  /** Undefined: 8080 when free, else a free port; 0: a free port. */
  port: number | undefined;
  /** Undefined: 3010 when free, else a free port; 0: a free port. */
  chatwootPort: number | undefined;
  /** Undefined: a temporary folder, removed when the demo stops. */
  dataDir: string | undefined;
  logLevel: Config["logLevel"];
}

const HOST = "127.0.0.1";

/** Runs the demo; resolves with the process exit code once everything it started is closed. */
export async function runDemo(
  base: Config,
  options: DemoOptions,
  write: Write = (text) => process.stdout.write(text),
  stopped: Promise<void> = untilSignal(),
): Promise<number> {
  const report = new DemoReport(write);
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "ponte-demo-"));
  const closers = new Closers();
  // Ctrl-C during the steps stops them too: everything started so far is closed below.
  const interrupted = stopped.then(() => {
    throw new Interrupted();
  });
  try {
    await Promise.race([
      demonstrate(report, { base, options, dataDir, temporary }, closers),
      interrupted,
    ]);
    if (!options.once) {
      await stopped;
      report.line("Stopping ponte and the emulator.");
    }
    return 0;
  } catch (error) {
    report.line();
    if (error instanceof Interrupted) {
      report.line("Interrupted.");
      report.mute();
      return 130;
    }
    report.line("The demo stopped. Run it again with --log-level info to see what ponte logged.");
    return 1;
  } finally {
    await closers.closeAll();
    if (temporary) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

class Interrupted extends Error {}

/**
 * What the demo started, closed last-started first. A server that finishes starting after
 * an interruption has already closed the rest is closed at once, so nothing keeps the
 * process alive.
 */
class Closers {
  private readonly list: (() => Promise<void>)[] = [];
  private closed = false;

  add(close: () => Promise<void>): void {
    if (this.closed) void close().catch(() => undefined);
    else this.list.push(close);
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    for (const close of this.list.reverse()) await close().catch(() => undefined);
  }
}

interface DemoRun {
  base: Config;
  options: DemoOptions;
  dataDir: string;
  temporary: boolean;
}

async function demonstrate(report: DemoReport, run: DemoRun, closers: Closers): Promise<void> {
  const { options, dataDir } = run;
  const started = performance.now();
  report.line("ponte demo: WhatsApp ⇄ Chatwoot through ponte's integration gateway, with the");
  report.line("sandbox phone standing in for WhatsApp and the Chatwoot emulator for Chatwoot.");
  report.line();
  const chatwoot = await report.step(
    "starting the Chatwoot emulator",
    () => startChatwoot(options),
    (cw) => [
      `Chatwoot emulator on ${cw.value.url}${cw.note === undefined ? "" : ` (${cw.note})`}`,
      `account ${cw.account.id} "${cw.account.name}", administrator ${cw.account.admin.name} (user ${cw.account.admin.id})`,
    ],
  );
  closers.add(() => chatwoot.value.close());
  const ponte = await report.step(
    "starting ponte serve",
    () => startPonte(run, new URL(chatwoot.value.url)),
    (r) => [
      `ponte serve on ${r.runtime.address}${r.note === undefined ? "" : ` (${r.note})`}: API and gateway in one process`,
      `database: ${r.runtime.database.dialect} in ${dataDir}`,
    ],
  );
  closers.add(() => ponte.runtime.close());
  const places = {
    ponte: ponte.runtime.address,
    chatwoot: chatwoot.value.url,
    account: chatwoot.account,
  };
  const outcome = await runDemoSteps(report, places, ponte.runtime);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  report.line();
  report.line(
    `Both directions work: WhatsApp → Chatwoot ✔  Chatwoot → WhatsApp ✔  (${seconds} s in all)`,
  );
  report.line();
  const lines = playgroundLines({
    ponte: places.ponte,
    chatwoot: places.chatwoot,
    chatwootAccount: places.account,
    accountToken: outcome.accountToken,
    instance: outcome.instance,
    conversationId: outcome.conversationId,
    dataDir,
    temporary: run.temporary,
    once: options.once,
  });
  for (const line of lines) report.line(line);
}

async function startChatwoot(options: DemoOptions) {
  const start = await loadChatwootEmulator();
  const chosen = await choosePort(HOST, options.chatwootPort, 3010);
  const value: DemoChatwoot = await start({ port: chosen.port, host: HOST });
  const account = value.accounts[0];
  if (account === undefined) {
    await value.close();
    throw new Error("the emulator seeded no account");
  }
  return { value, account, note: chosen.note };
}

async function startPonte(
  run: DemoRun,
  chatwoot: URL,
): Promise<{ runtime: Runtime; note: string | undefined }> {
  const chosen = await choosePort(HOST, run.options.port, 8080);
  const config = demoConfig(run.base, chosen.port, run.dataDir, run.options.logLevel, {
    host: chatwoot.hostname,
    port: Number(chatwoot.port),
  });
  // Logs go to stderr so that stdout stays the demo's own account of what happened.
  const runtime = await startRuntime(config, {
    logger: createLogger(config.logLevel, process.stderr),
  });
  return { runtime, note: chosen.note };
}

/**
 * `serve` on loopback and the embedded default, whatever the environment deploys; the
 * emulator's loopback address and port are allowed as an internal target besides OUTBOUND_ALLOW's.
 */
export function demoConfig(
  base: Config,
  port: number,
  dataDir: string,
  logLevel: Config["logLevel"],
  chatwoot: { host: string; port: number },
): Config {
  return {
    ...base,
    outbound: {
      allow: [...base.outbound.allow, { kind: "host", host: chatwoot.host, port: chatwoot.port }],
    },
    role: "serve",
    host: HOST,
    port,
    dataDir,
    databaseUrl: undefined,
    redisUrl: undefined,
    baseUrl: `http://${HOST}:${port}`,
    internalUrl: undefined,
    defaultProvider: "sandbox",
    logLevel,
    bridge: {
      ...base.bridge,
      enabled: true,
      url: undefined,
      token: undefined,
      internalApiUrl: undefined,
      publicUrl: undefined,
    },
  };
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}
