/** Counts every HTTP answer and its latency by route pattern (never by raw URL: no ids, no tokens). */
import type { HttpServer } from "../http/server.js";
import type { ApiMetrics } from "./api-metrics.js";

/** The route label of requests no route matched, so that scanners cannot grow the label set. */
const UNMATCHED = "unmatched";

export function registerHttpMetrics(app: HttpServer, metrics: ApiMetrics): void {
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED;
    const method = request.method;
    metrics.httpRequests.inc({ method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method, route }, reply.elapsedTime / 1000);
    done();
  });
}
