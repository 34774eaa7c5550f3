/** Counts every HTTP answer and its latency by route pattern (never by raw URL: no ids, no tokens). */
import { Counter, Histogram } from "prom-client";
import type { HttpServer } from "../http/server.js";
import { METRIC_PREFIX, type MetricsRegistry } from "./metrics-registry.js";

/** The route label of requests no route matched, so that scanners cannot grow the label set. */
const UNMATCHED = "unmatched";

export interface HttpMetrics {
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route">;
}

export function createHttpMetrics(registry: MetricsRegistry): HttpMetrics {
  const registers = [registry];
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
  };
}

export function registerHttpMetrics(app: HttpServer, metrics: HttpMetrics): void {
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED;
    const method = request.method;
    metrics.httpRequests.inc({ method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method, route }, reply.elapsedTime / 1000);
    done();
  });
}
