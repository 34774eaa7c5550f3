/** The API's metrics: HTTP traffic, the event log, webhook deliveries, connections. */
import { Counter, Gauge, Histogram } from "prom-client";
import { METRIC_PREFIX, type MetricsRegistry } from "./metrics-registry.js";

export type WebhookOutcome = "delivered" | "retry" | "dead";

/** Connection states always reported, so a state with no connection reads 0, not absent. */
const CONNECTION_STATES = ["connected", "connecting", "disconnected", "loggedout"] as const;

export interface ApiMetrics {
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route">;
  eventsRecorded: Counter<"event">;
  webhookDeliveries: Counter<"outcome">;
}

/**
 * `connectionStates` is read at each scrape: the connections this process holds, by
 * state (each process reports its own, so a sum over processes counts each once).
 */
export function createApiMetrics(
  registry: MetricsRegistry,
  connectionStates: () => ReadonlyMap<string, number>,
): ApiMetrics {
  const registers = [registry];
  new Gauge({
    name: `${METRIC_PREFIX}connections`,
    help: "WhatsApp connections held by this process, by state",
    labelNames: ["state"],
    registers,
    collect() {
      this.reset();
      const counts = connectionStates();
      for (const state of CONNECTION_STATES) this.set({ state }, counts.get(state) ?? 0);
      for (const [state, count] of counts) {
        if (!(CONNECTION_STATES as readonly string[]).includes(state)) this.set({ state }, count);
      }
    },
  });
  return {
    httpRequests: new Counter({
      name: `${METRIC_PREFIX}http_requests_total`,
      help: "HTTP requests answered, by route pattern and status",
      labelNames: ["method", "route", "status"],
      registers,
    }),
    httpDuration: new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: "Time to answer an HTTP request, by route pattern",
      labelNames: ["method", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    eventsRecorded: new Counter({
      name: `${METRIC_PREFIX}events_recorded_total`,
      help: "Events written to the event log, by event type",
      labelNames: ["event"],
      registers,
    }),
    webhookDeliveries: new Counter({
      name: `${METRIC_PREFIX}webhook_deliveries_total`,
      help: "Webhook delivery attempts by outcome (delivered, retry scheduled, dead-lettered)",
      labelNames: ["outcome"],
      registers,
    }),
  };
}
