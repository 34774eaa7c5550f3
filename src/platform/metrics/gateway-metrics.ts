/**
 * The integration gateway's metrics, defined here so that their names are fixed in one
 * place and the gateway (src/bridge/) only has to report: the durable jobs by state and
 * the age of the oldest one, and the calls it makes to Chatwoot by outcome.
 */
import { Counter, Gauge, Histogram } from "prom-client";
import { METRIC_PREFIX, type MetricsRegistry } from "./metrics-registry.js";

export type ChatwootCallOutcome =
  | "ok"
  | "not_found"
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  | "server_error"
  | "unreachable"
  | "timeout";

export interface JobCounts {
  /** Jobs by state (`pending`, `running`, `dead`, …). */
  byState: ReadonlyMap<string, number>;
  /** Seconds since the oldest job of each state was queued. */
  oldestAgeSeconds: ReadonlyMap<string, number>;
}

export interface GatewayMetrics {
  chatwootCalls: Counter<"operation" | "outcome">;
  chatwootCallDuration: Histogram<"operation">;
}

/** `jobs` is read at each scrape (the gateway's queue, from its store). */
export function createGatewayMetrics(
  registry: MetricsRegistry,
  jobs: () => Promise<JobCounts>,
): GatewayMetrics {
  const registers = [registry];
  let latest: Promise<JobCounts> | undefined;
  // Both gauges come from one read of the queue per scrape.
  const read = (): Promise<JobCounts> => (latest ??= jobs().finally(() => (latest = undefined)));
  new Gauge({
    name: `${METRIC_PREFIX}gateway_jobs`,
    help: "Integration gateway jobs by state",
    labelNames: ["state"],
    registers,
    async collect() {
      this.reset();
      for (const [state, count] of (await read()).byState) this.set({ state }, count);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}gateway_job_oldest_age_seconds`,
    help: "Age of the oldest integration gateway job, by state",
    labelNames: ["state"],
    registers,
    async collect() {
      this.reset();
      for (const [state, age] of (await read()).oldestAgeSeconds) this.set({ state }, age);
    },
  });
  return {
    chatwootCalls: new Counter({
      name: `${METRIC_PREFIX}chatwoot_calls_total`,
      help: "Calls from the integration gateway to Chatwoot, by operation and outcome",
      labelNames: ["operation", "outcome"],
      registers,
    }),
    chatwootCallDuration: new Histogram({
      name: `${METRIC_PREFIX}chatwoot_call_duration_seconds`,
      help: "Time Chatwoot took to answer the integration gateway, by operation",
      labelNames: ["operation"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
  };
}
