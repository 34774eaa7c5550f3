/**
 * The inbound relay alone, for profiling: `node --import tsx [--cpu-prof] bench/inbound-only.ts
 * [messages] [contacts]`. Prints the warm burst's rate and this process's CPU per message
 * (ponte and the injecting driver; the emulator runs in its own), beside the emulator
 * driven directly.
 */
import { benchGateway, createdMessages, inject, liveInstance } from "./suite/gateway.js";
import { driveDirect } from "./suite/peers.js";
import { until } from "./suite/stats.js";

const messages = Number(process.argv[2] ?? 2_000);
const contacts = Number(process.argv[3] ?? 100);
const gateway = await benchGateway();

async function measured(count: number, run: () => Promise<void>) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    perSecond: Math.round(count / seconds),
    cpuMsPerMessage: Number(((used.user + used.system) / 1000 / count).toFixed(2)),
  };
}

async function burst(from: number, to: number): Promise<void> {
  const start = await createdMessages(gateway);
  for (let i = from; i < to; i += 1) inject(gateway, instance.id, i % contacts, `m${i}`);
  await until(
    async () => (await createdMessages(gateway)) >= start + (to - from),
    "the burst",
    600_000,
    5,
  );
}

const instance = await liveInstance(gateway);
try {
  await burst(0, contacts);
  const relay = await measured(messages - contacts, () => burst(contacts, messages));
  const direct = await measured(Math.min(messages, 1_000), async () => {
    await driveDirect(gateway, instance.inboxId, Math.min(messages, 1_000), 16);
  });
  console.log(JSON.stringify({ relay, direct }));
} finally {
  await gateway.close();
}
