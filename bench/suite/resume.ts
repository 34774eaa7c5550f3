/**
 * Section 5, resume: the API and the gateway as two runtimes over one database (as two
 * processes run them). The gateway is stopped, contacts send messages meanwhile (they
 * are in the event log only), and the time from the gateway's start to the last of
 * them in the emulator is measured.
 */
import { startChatwootEmulator } from "../../tools/chatwoot-emulator/emulator.js";
import { startRuntime, type Runtime } from "../../src/app/runtime.js";
import { loadConfig } from "../../src/platform/config.js";
import {
  FAST_QUEUE,
  closedPort,
  liveInstance,
  type Gateway,
} from "../../test/bridge/support/gateway-harness.js";
import { captureLog } from "../../test/support/log-capture.js";
import { PG_URL } from "../../test/support/services.js";
import { startTestServer } from "../../test/support/server.js";
import { BENCH_ENV, createdMessages, inject, now } from "./gateway.js";
import { progress, sleep, until, type Figures } from "./stats.js";

export interface ResumeOptions {
  db: string;
  messages: number;
  contacts: number;
}

export async function measureResume(figures: Figures, options: ResumeOptions): Promise<void> {
  const chatwoot = await startChatwootEmulator({
    rateLimit: false,
    now,
    limits: { conversationMessagesPerMinute: 1_000_000_000 },
    maxRecords: 1_000,
  });
  const port = await closedPort();
  const bridgeToken = `brg_bench_${Date.now().toString(36)}`;
  const env = { ...FAST_QUEUE, ...BENCH_ENV };
  const api = await startTestServer({
    role: "api",
    env: { ...env, BRIDGE_URL: `http://127.0.0.1:${port}`, BRIDGE_TOKEN: bridgeToken },
  });
  const bridgeEnv: Record<string, string> = {
    ...env,
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: api.dataDir,
    BRIDGE_TOKEN: bridgeToken,
    BRIDGE_INTERNAL_API_URL: api.url,
    ...(api.pgSchema !== undefined ? { DATABASE_URL: PG_URL } : {}),
  };
  let bridge: Runtime | undefined;
  const startBridge = async () => {
    bridge = await startRuntime(
      loadConfig("bridge", bridgeEnv),
      {
        logger: captureLog("silent").logger,
        ...(api.pgSchema !== undefined ? { pgSchema: api.pgSchema } : {}),
      },
      { port, host: "127.0.0.1" },
    );
  };
  try {
    await startBridge();
    const account = await api.createAccount("Bench", 10);
    const gateway = {
      server: api,
      chatwoot,
      accountToken: account.token,
      bridge: () => {
        throw new Error("bench: the gateway runs apart here");
      },
      close: () => Promise.resolve(),
    } satisfies Gateway;
    const instance = await liveInstance(gateway);
    // Every contact known first, so the missed messages are warm ones.
    for (let c = 0; c < options.contacts; c += 1)
      inject(gateway, instance.id, c, `resume warm-up ${c}`);
    await until(() => createdMessages(gateway) >= options.contacts, "the warm-up messages");

    progress(`resume (${options.db}): gateway stopped, ${options.messages} messages missed`);
    await bridge?.close();
    bridge = undefined;
    const base = createdMessages(gateway);
    for (let i = 0; i < options.messages; i += 1) {
      inject(gateway, instance.id, i % options.contacts, `resume missed ${i}`);
      if (i % 200 === 199) await sleep(0);
    }
    // Let the API finish recording them before the gateway comes back.
    await sleep(500);
    const started = performance.now();
    await startBridge();
    await until(
      () => createdMessages(gateway) >= base + options.messages,
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
    await bridge?.close();
    await api.close();
    await chatwoot.close();
  }
}
