/**
 * Section 5, resume: the API and the gateway over one database. The gateway is stopped,
 * contacts send messages meanwhile (they are in the event log only), and the time from
 * the gateway's start, as a process of its own, to the last of them in the emulator is
 * measured.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import {
  FAST_QUEUE,
  liveInstance,
  startSplitGateway,
  type Gateway,
  type SplitGateway,
} from "../../test/bridge/support/gateway-harness.js";
import { PG_URL } from "../../test/support/services.js";
import { BENCH_ENV, createdMessages, inject, now } from "./gateway.js";
import { progress, sleep, until, type Figures } from "./stats.js";

const CLI = path.join(path.dirname(new URL(import.meta.url).pathname), "../../dist/cli/main.js");

export interface ResumeOptions {
  db: string;
  messages: number;
  contacts: number;
}

export async function measureResume(figures: Figures, options: ResumeOptions): Promise<void> {
  const split = await startSplitGateway({
    chatwoot: { now, limits: { conversationMessagesPerMinute: 1_000_000_000 }, maxRecords: 1_000 },
    env: BENCH_ENV,
  });
  let child: ChildProcess | undefined;
  try {
    // The harness's Gateway shape, for its helpers; the gateway is not in this process's server.
    const gateway = {
      server: split.server,
      chatwoot: split.chatwoot,
      accountToken: split.accountToken,
      bridge: () => {
        throw new Error("bench: the gateway runs apart here");
      },
      close: () => Promise.resolve(),
    } satisfies Gateway;
    const instance = await liveInstance(gateway);
    // Every contact known first, so the missed messages are warm ones.
    for (let c = 0; c < options.contacts; c += 1)
      inject(gateway, instance.id, c, `resume warm-up ${c}`);
    await until(
      async () => (await createdMessages(gateway)) >= options.contacts,
      "the warm-up messages",
    );

    progress(`resume (${options.db}): gateway stopped, ${options.messages} messages missed`);
    await split.stopBridge();
    const base = await createdMessages(gateway);
    for (let i = 0; i < options.messages; i += 1) {
      inject(gateway, instance.id, i % options.contacts, `resume missed ${i}`);
      if (i % 200 === 199) await sleep(0);
    }
    // Let the API finish recording them before the gateway comes back.
    await sleep(500);
    const started = performance.now();
    child = startBridgeProcess(split);
    await until(
      async () => (await createdMessages(gateway)) >= base + options.messages,
      "the missed messages",
      600_000,
      10,
    );
    const seconds = (performance.now() - started) / 1000;
    figures.add({
      key: `resume.${options.db}.seconds`,
      section: "scale",
      label: `time to resume ${options.messages.toLocaleString("en")} missed events after a gateway restart (${options.db})`,
      value: seconds,
      unit: "s",
      note: "from the gateway's start to the last message in the emulator",
    });
    figures.add({
      key: `resume.${options.db}.perSecond`,
      section: "scale",
      label: `missed events resumed per second (${options.db})`,
      value: options.messages / seconds,
      unit: "events/s",
    });
  } finally {
    await stopProcess(child);
    await split.close();
  }
}

/**
 * The gateway comes back as its own process (`ponte bridge`), as an operator restarts
 * it. Two runtimes in one process would share its one thread: on SQLite, one
 * connection's busy wait for the other's open transaction then blocks both.
 */
function startBridgeProcess(split: SplitGateway): ChildProcess {
  if (!fs.existsSync(CLI)) throw new Error("bench: the resume run needs `npm run build` first");
  const url = new URL(split.bridgeUrl);
  return spawn(process.execPath, [CLI, "bridge"], {
    env: {
      ...process.env,
      ...FAST_QUEUE,
      ...BENCH_ENV,
      HOST: url.hostname,
      PORT: url.port,
      DATA_DIR: split.server.dataDir,
      BRIDGE_TOKEN: split.bridgeToken,
      BRIDGE_INTERNAL_API_URL: split.server.url,
      ...(split.server.pgSchema === undefined
        ? {}
        : { DATABASE_URL: `${PG_URL}?options=-c%20search_path%3D${split.server.pgSchema}` }),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}
