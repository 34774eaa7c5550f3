/**
 * Wires the integration gateway's metrics (src/platform/metrics/gateway-metrics.ts) into
 * a registry: the queue's gauges read from the job store at each scrape (one grouped
 * query), and every Chatwoot call counted by operation and outcome, with its duration.
 */
import type { ChatwootCall } from "../bridge/chatwoot/chatwoot-client.js";
import type { JobStore } from "../bridge/queue/job-store.js";
import type { Clock } from "../platform/clock.js";
import {
  createGatewayMetrics,
  type ChatwootCallOutcome,
  type JobCounts,
} from "../platform/metrics/gateway-metrics.js";
import type { MetricsRegistry } from "../platform/metrics/metrics-registry.js";

/** Always reported, so that an empty state reads 0 rather than disappearing. */
const GAUGED_STATES = ["pending", "running", "dead"] as const;

/** Returns the Chatwoot client's call hook. */
export function wireGatewayMetrics(
  registry: MetricsRegistry,
  jobs: Pick<JobStore, "stateCounts">,
  clock: Clock,
): (call: ChatwootCall) => void {
  const metrics = createGatewayMetrics(registry, () => jobCounts(jobs, clock));
  return (call) => {
    metrics.chatwootCalls.inc({ operation: call.route, outcome: callOutcome(call.outcome) });
    metrics.chatwootCallDuration.observe({ operation: call.route }, call.seconds);
  };
}

export async function jobCounts(
  jobs: Pick<JobStore, "stateCounts">,
  clock: Clock,
): Promise<JobCounts> {
  const byState = new Map<string, number>(GAUGED_STATES.map((state) => [state, 0]));
  const oldestAgeSeconds = new Map<string, number>(GAUGED_STATES.map((state) => [state, 0]));
  const now = clock.now();
  for (const row of await jobs.stateCounts()) {
    byState.set(row.state, row.count);
    const age = (now - Date.parse(row.oldest)) / 1000;
    oldestAgeSeconds.set(row.state, Number.isFinite(age) ? Math.max(0, age) : 0);
  }
  return { byState, oldestAgeSeconds };
}

/** The client's classification of an answer, as the metric's label. */
export function callOutcome(outcome: ChatwootCall["outcome"]): ChatwootCallOutcome {
  switch (outcome) {
    case "ok":
    case "not_found":
    case "invalid":
    case "unauthorized":
    case "forbidden":
    case "rate_limited":
    case "server_error":
    case "unreachable":
    case "timeout":
      return outcome;
  }
}
