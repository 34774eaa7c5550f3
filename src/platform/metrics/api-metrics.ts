/** The API's metrics: HTTP traffic, the event log, webhook deliveries, connections. */
import { Counter, Gauge } from "prom-client";
import { createHttpMetrics, type HttpMetrics } from "./http-metrics.js";
import { METRIC_PREFIX, type MetricsRegistry } from "./metrics-registry.js";

export type WebhookOutcome = "delivered" | "retry" | "dead";

/** Connection states always reported, so a state with no connection reads 0, not absent. */
const CONNECTION_STATES = ["connected", "connecting", "disconnected", "loggedout"] as const;

export interface ApiMetrics extends HttpMetrics {
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
    ...createHttpMetrics(registry),
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
