/**
 * Section 1: inbound relay, sandbox phone → gateway → emulator. Cold messages (each
 * contact's first) then a warm burst; latency at a paced rate; the emulator driven
 * directly with the same create-message calls, and with Evolution API's per-message
 * pattern, as limits to compare with; growth of the event log and job table.
 */
import type { ActiveInstance, Gateway } from "./gateway.js";
import { chatwootCalls, createdMessages, databaseBytes, inject, now, rowCount } from "./gateway.js";
import { percentile, progress, sleep, until, type Figures } from "./stats.js";
import { driveDirect, driveEvolutionInbound } from "./peers.js";

export interface InboundOptions {
  db: string;
  messages: number;
  contacts: number;
  pacedMessages: number;
  pacedRate: number;
  concurrency: number;
  /** Calls of each driver (emulator direct, Evolution pattern). */
  driverCalls: number;
}

const TAG = /bench-(\d+)-(\d+)/;

async function burst(
  gateway: Gateway,
  instance: ActiveInstance,
  run: number,
  indexes: number[],
  contacts: number,
  sentAt: Map<string, number>,
): Promise<number> {
  const start = await createdMessages(gateway);
  const started = performance.now();
  for (let k = 0; k < indexes.length; k += 1) {
    const i = indexes[k] ?? 0;
    const tag = `bench-${run}-${i}`;
    sentAt.set(tag, now());
    inject(gateway, instance.id, i % contacts, `${tag} hello`);
    // A turn now and then, as messages arriving over a socket would leave.
    if (k % 200 === 199) await sleep(0);
  }
  await until(
    async () => (await createdMessages(gateway)) >= start + indexes.length,
    "the inbound burst",
    600_000,
    10,
  );
  return (performance.now() - started) / 1000;
}

async function latencies(
  gateway: Gateway,
  run: number,
  sentAt: Map<string, number>,
): Promise<number[]> {
  const out: number[] = [];
  for (const m of await gateway.chatwoot.messageTimes()) {
    const match = TAG.exec(m.content ?? "");
    if (match === null || Number(match[1]) !== run) continue;
    const sent = sentAt.get(match[0]);
    if (sent !== undefined) out.push(m.createdAt - sent);
  }
  return out;
}

export async function measureInbound(
  gateway: Gateway,
  instance: ActiveInstance,
  figures: Figures,
  options: InboundOptions,
): Promise<void> {
  const { db, contacts, messages } = options;
  const section = "inbound";
  const eventsBefore = await rowCount(gateway, "events");
  const jobsBefore = await rowCount(gateway, "bridge_jobs");
  const bytesBefore = await databaseBytes(gateway);

  progress(`inbound (${db}): ${contacts} cold messages (new contacts)`);
  const sentAt = new Map<string, number>();
  const callsCold = await chatwootCalls(gateway);
  const all = Array.from({ length: messages }, (_, i) => i);
  await burst(gateway, instance, 1, all.slice(0, contacts), contacts, sentAt);
  const coldCalls = ((await chatwootCalls(gateway)) - callsCold) / contacts;

  progress(`inbound (${db}): ${messages - contacts} warm messages as one burst`);
  const callsWarm = await chatwootCalls(gateway);
  const seconds = await burst(gateway, instance, 1, all.slice(contacts), contacts, sentAt);
  const warmCount = messages - contacts;
  const warmCalls = ((await chatwootCalls(gateway)) - callsWarm) / warmCount;
  const rate = warmCount / seconds;
  const burstLatency = await latencies(gateway, 1, sentAt);

  progress(`inbound (${db}): ${options.pacedMessages} messages paced at ${options.pacedRate}/s`);
  const paced = new Map<string, number>();
  const start = await createdMessages(gateway);
  for (let i = 0; i < options.pacedMessages; i += 1) {
    const tag = `bench-2-${i}`;
    paced.set(tag, now());
    inject(gateway, instance.id, i % contacts, `${tag} hello`);
    await sleep(1000 / options.pacedRate);
  }
  await until(
    async () => (await createdMessages(gateway)) >= start + options.pacedMessages,
    "the paced messages",
  );
  const pacedLatency = await latencies(gateway, 2, paced);

  const eventsGrowth = (await rowCount(gateway, "events")) - eventsBefore;
  const jobsGrowth = (await rowCount(gateway, "bridge_jobs")) - jobsBefore;
  const bytesGrowth = (await databaseBytes(gateway)) - bytesBefore;
  const total = messages + options.pacedMessages;
  const per10k = 10_000 / total;

  progress(`inbound (${db}): the emulator driven directly, then with Evolution API's pattern`);
  const driven = Math.min(warmCount, options.driverCalls);
  const direct = await driveDirect(gateway, instance.inboxId, driven, options.concurrency);
  const evolution = await driveEvolutionInbound(
    gateway,
    instance.inboxId,
    driven,
    options.concurrency,
  );

  const n = `${messages} messages from ${contacts} contacts`;
  const add = (key: string, label: string, value: number, unit: string, note?: string) =>
    figures.add({
      key: `inbound.${db}.${key}`,
      section,
      label: `${label} (${db})`,
      value,
      unit,
      ...(note === undefined ? {} : { note }),
    });
  add(
    "msgPerSecond",
    "inbound relay, warm burst",
    rate,
    "msg/s",
    `${warmCount} warm messages of ${n}, injected at once`,
  );
  add(
    "burstP50Ms",
    "inbound latency in the burst, p50",
    percentile(burstLatency, 0.5),
    "ms",
    "injection → emulator's message created",
  );
  add(
    "burstP99Ms",
    "inbound latency in the burst, p99",
    percentile(burstLatency, 0.99),
    "ms",
    "queueing included",
  );
  add(
    "p50Ms",
    "inbound latency, p50",
    percentile(pacedLatency, 0.5),
    "ms",
    `${options.pacedMessages} messages offered at ${options.pacedRate}/s`,
  );
  add(
    "p99Ms",
    "inbound latency, p99",
    percentile(pacedLatency, 0.99),
    "ms",
    `${options.pacedMessages} messages offered at ${options.pacedRate}/s`,
  );
  add(
    "callsPerColdMessage",
    "Chatwoot calls per cold message",
    coldCalls,
    "calls",
    "a contact's first message",
  );
  add("callsPerWarmMessage", "Chatwoot calls per warm message", warmCalls, "calls");
  add(
    "directMsgPerSecond",
    "emulator driven directly (create-message calls)",
    direct.perSecond,
    "msg/s",
    `${driven} messages, ${options.concurrency} at a time`,
  );
  add(
    "ratioToDirect",
    "inbound relay / emulator direct",
    rate / direct.perSecond,
    "ratio",
    "same run",
  );
  add(
    "evolutionMsgPerSecond",
    "Evolution API pattern (search, conversations, create)",
    evolution.perSecond,
    "msg/s",
    `${driven} messages, ${options.concurrency} at a time`,
  );
  add(
    "evolutionCallsPerMessage",
    "Evolution API pattern: calls per warm message",
    evolution.callsPerMessage,
    "calls",
  );
  add(
    "ratioToEvolution",
    "inbound relay / Evolution API pattern",
    rate / evolution.perSecond,
    "ratio",
    "same run",
  );
  add("eventsPer10k", "event-log rows per 10,000 messages", eventsGrowth * per10k, "rows");
  add(
    "jobsPer10k",
    "job-table rows per 10,000 messages",
    jobsGrowth * per10k,
    "rows",
    "rows left after the run",
  );
  add(
    "dbBytesPer10k",
    "database growth per 10,000 messages",
    (bytesGrowth * per10k) / 2 ** 20,
    "MiB",
  );
}
