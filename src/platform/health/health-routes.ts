import type { Clock } from "../clock.js";
import type { HttpServer } from "../http/server.js";
import { runHealthChecks, type HealthCheck } from "./health-checks.js";

/** `GET /health`: no auth, no rate limit; 503 when a dependency fails. */
export function registerHealthRoutes(
  app: HttpServer,
  checks: Record<string, HealthCheck>,
  clock: Clock,
  startedAt: number,
): void {
  app.get(
    "/health",
    {
      config: { rateLimit: false },
      schema: { tags: ["health"], summary: "Liveness and dependencies" },
    },
    async (_request, reply) => {
      const report = await runHealthChecks(checks, startedAt, clock.now());
      return reply.code(report.status === "ok" ? 200 : 503).send(report);
    },
  );
}
