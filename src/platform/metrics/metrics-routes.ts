/**
 * `GET /metrics`: the registry in Prometheus' text format, for operators. It is guarded
 * by its own token (METRICS_TOKEN, sent as `Authorization: Bearer`), never by API
 * tokens, so a scraper holds no power over instances; without METRICS_TOKEN the route
 * answers 404. It is outside the rate limit, like /health.
 */
import type { FastifyRequest } from "fastify";
import type { HttpServer } from "../http/server.js";
import { constantTimeEqual } from "../crypto.js";
import { notFound, unauthorized } from "../errors.js";
import type { MetricsRegistry } from "./metrics-registry.js";

export const METRICS_OFF = "Metrics are off: set METRICS_TOKEN to serve them";
export const METRICS_TOKEN_INVALID = "Invalid metrics token";

export function registerMetricsRoutes(
  app: HttpServer,
  registry: MetricsRegistry,
  token: string | undefined,
): void {
  app.get(
    "/metrics",
    { config: { rateLimit: false }, schema: { hide: true } },
    async (request, reply) => {
      if (token === undefined) throw notFound(METRICS_OFF);
      if (!presents(request, token)) throw unauthorized(METRICS_TOKEN_INVALID);
      const text = await registry.metrics();
      return reply.type(registry.contentType).header("cache-control", "no-store").send(text);
    },
  );
}

function presents(request: FastifyRequest, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? "");
  if (match?.[1] === undefined) return false;
  // The operator chooses the token, so its length is secret too.
  return constantTimeEqual(match[1].trim(), token);
}
