/**
 * The Prometheus registry of one ponte process. Each part adds its own metrics to it
 * (the API: api-metrics.ts; the integration gateway: gateway-metrics.ts), and
 * `GET /metrics` (metrics-routes.ts) writes it in the text format. One registry per
 * runtime, never prom-client's global one, so that several servers in one process
 * (tests) keep their numbers apart.
 */
import { collectDefaultMetrics, Registry } from "prom-client";

export type MetricsRegistry = Registry;

/** Every metric ponte defines starts with this. */
export const METRIC_PREFIX = "ponte_";

export function createMetricsRegistry(): MetricsRegistry {
  const registry = new Registry();
  // Process metrics (CPU, memory, event-loop lag, GC) are read at scrape time.
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return registry;
}
