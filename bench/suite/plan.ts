/** What a run measures, at which sizes, and the figures and targets it must produce. */
import type { Target } from "./stats.js";

export type Mode = "full" | "quick";

export interface Plan {
  mode: Mode;
  runs: number;
  inbound: {
    messages: number;
    contacts: number;
    pacedMessages: number;
    pacedRate: number;
    concurrency: number;
  };
  webhooks: { messages: number; contacts: number };
  outbound: { replies: number; slowReplies: number; peerReplies: number; peerDelayScale: number };
  api: { durationS: number; connections: number };
  resume: { messages: number; contacts: number };
  /** Two API and two gateway processes on PostgreSQL (when it is measured). */
  cluster: { instances: number; messages: number; contacts: number; concurrency: number };
  scaleSizes: number[];
  /** How long a scale process idles before its RSS is read. */
  scaleIdleMs: number;
  /** Calls made by the emulator-direct and Evolution-pattern drivers. */
  driverCalls: number;
  /** PostgreSQL runs the relay, webhook, outbound and API sections again, when reachable. */
  postgres: boolean;
}

export function planFor(mode: Mode): Plan {
  if (mode === "quick") {
    return {
      mode,
      runs: 1,
      inbound: { messages: 200, contacts: 20, pacedMessages: 40, pacedRate: 100, concurrency: 16 },
      webhooks: { messages: 150, contacts: 15 },
      outbound: { replies: 15, slowReplies: 5, peerReplies: 5, peerDelayScale: 0.1 },
      api: { durationS: 1, connections: 16 },
      resume: { messages: 200, contacts: 20 },
      cluster: { instances: 2, messages: 200, contacts: 5, concurrency: 16 },
      scaleSizes: [1, 50],
      scaleIdleMs: 1_000,
      driverCalls: 100,
      postgres: false,
    };
  }
  return {
    mode,
    runs: 3,
    inbound: {
      messages: 10_000,
      contacts: 500,
      pacedMessages: 1_000,
      pacedRate: 200,
      concurrency: 16,
    },
    webhooks: { messages: 2_000, contacts: 100 },
    outbound: { replies: 200, slowReplies: 20, peerReplies: 20, peerDelayScale: 1 },
    api: { durationS: 5, connections: 16 },
    resume: { messages: 10_000, contacts: 500 },
    cluster: { instances: 4, messages: 5_000, contacts: 50, concurrency: 32 },
    scaleSizes: [1, 100, 1_000],
    scaleIdleMs: 3_000,
    driverCalls: 2_000,
    postgres: true,
  };
}

export const API_ENDPOINTS = [
  "chatwootList",
  "chatwootSet",
  "chatwootDeleteSet",
  "instanceList",
  "messageText",
];

/** Measured beside the endpoints as the most they can reach; no target of their own. */
export const API_FLOORS = ["floor", "floorLookup"];

function dbKeys(db: string): string[] {
  const inbound = [
    "msgPerSecond",
    "burstP50Ms",
    "burstP99Ms",
    "p50Ms",
    "p99Ms",
    "callsPerColdMessage",
    "callsPerWarmMessage",
    "directMsgPerSecond",
    "ratioToDirect",
    "evolutionMsgPerSecond",
    "evolutionCallsPerMessage",
    "ratioToEvolution",
    "eventsPer10k",
    "jobsPer10k",
    "dbBytesPer10k",
  ];
  const outbound = ["ackP50Ms", "ackP99Ms", "e2eP50Ms", "e2eP99Ms", "slowAckP99Ms", "slowE2eP50Ms"];
  return [
    ...inbound.map((k) => `inbound.${db}.${k}`),
    ...["perSecond", "p50Ms", "p99Ms"].map((k) => `webhooks.${db}.${k}`),
    ...outbound.map((k) => `outbound.${db}.${k}`),
    ...[...API_FLOORS, ...API_ENDPOINTS].flatMap((e) =>
      ["perSecond", "p99Ms", "bare", "ratio"].map((k) => `api.${db}.${e}.${k}`),
    ),
  ];
}

/** Every figure a run of this plan must write (the check script asks for each). */
export function expectedKeys(plan: Pick<Plan, "scaleSizes">, databases: string[]): string[] {
  return [
    ...databases.flatMap(dbKeys),
    ...["evolution", "waha"].flatMap((p) =>
      ["ackP99Ms", "e2eP50Ms", "e2eP99Ms"].map((k) => `peers.${p}.${k}`),
    ),
    "resume.sqlite.seconds",
    "resume.sqlite.perSecond",
    ...plan.scaleSizes.flatMap((n) => [`scale.sqlite.${n}.rssMiB`, `scale.sqlite.${n}.startMs`]),
    "scale.sqlite.rssPerInstanceMB",
    ...(databases.includes("postgres")
      ? ["msgPerSecond", "p50Ms", "p99Ms", "doubled", "lost"].map((k) => `cluster.postgres.${k}`)
      : []),
  ];
}

/** The targets, for a full run on a 2-core machine. */
export const TARGETS: Target[] = [
  {
    name: "inbound ≥ 1,000 msg/s",
    key: "inbound.sqlite.msgPerSecond",
    op: ">=",
    threshold: 1_000,
    unit: "msg/s",
  },
  {
    name: "inbound ≥ 50% of emulator-direct",
    key: "inbound.sqlite.ratioToDirect",
    op: ">=",
    threshold: 0.5,
    unit: "ratio",
  },
  {
    name: "≤ 1.05 Chatwoot calls per warm message",
    key: "inbound.sqlite.callsPerWarmMessage",
    op: "<=",
    threshold: 1.05,
    unit: "calls",
  },
  {
    name: "webhook ack p99 < 20 ms",
    key: "outbound.sqlite.ackP99Ms",
    op: "<",
    threshold: 20,
    unit: "ms",
  },
  {
    name: "webhook ack p99 < 20 ms with a 1 s send",
    key: "outbound.sqlite.slowAckP99Ms",
    op: "<",
    threshold: 20,
    unit: "ms",
  },
  {
    name: "outbound e2e p99 < 100 ms",
    key: "outbound.sqlite.e2eP99Ms",
    op: "<",
    threshold: 100,
    unit: "ms",
  },
  ...API_ENDPOINTS.map((e): Target => ({
    name: `API ${e} ≥ 50% of bare route`,
    key: `api.sqlite.${e}.ratio`,
    op: ">=",
    threshold: 0.5,
    unit: "ratio",
  })),
  {
    name: "≤ 2 MB RSS per idle sandbox instance with integration",
    key: "scale.sqlite.rssPerInstanceMB",
    op: "<=",
    threshold: 2,
    unit: "MB",
  },
  {
    name: "2 API + 2 gateway processes on PostgreSQL: no message doubled",
    key: "cluster.postgres.doubled",
    op: "<=",
    threshold: 0,
    unit: "messages",
  },
  {
    name: "2 API + 2 gateway processes on PostgreSQL: no message lost",
    key: "cluster.postgres.lost",
    op: "<=",
    threshold: 0,
    unit: "messages",
  },
  // As a rate, so that a quick run (fewer missed events) is judged fairly too.
  {
    name: "10,000 missed events resumed < 10 s (≥ 1,000 events/s)",
    key: "resume.sqlite.perSecond",
    op: ">=",
    threshold: 1_000,
    unit: "events/s",
  },
];

export function met(target: Target, value: number): boolean {
  if (target.op === ">=") return value >= target.threshold;
  if (target.op === "<=") return value <= target.threshold;
  return value < target.threshold;
}
