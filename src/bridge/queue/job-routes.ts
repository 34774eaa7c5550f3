/**
 * The gateway's dead letters for operators: `GET /v1/jobs?state=dead&integration_id=…`
 * lists jobs, `POST /v1/jobs/:id/retry` runs a dead one again from its first attempt.
 * Bearer BRIDGE_TOKEN, like the rest of /v1.
 */
import { z } from "zod";
import { bridgeAuthorization, parseJobId } from "../../contracts/bridge.js";
import type { Clock } from "../../platform/clock.js";
import { constantTimeEqual } from "../../platform/crypto.js";
import type { HttpServer } from "../../platform/http/server.js";
import type { JobState } from "../bridge-schema.js";
import type { JobStore } from "./job-store.js";
import { jobView } from "./job-view.js";

const STATES = ["pending", "running", "done", "dead", "cancelled"] as const satisfies JobState[];
const listQuery = z.object({
  state: z.enum(STATES).default("dead"),
  integration_id: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function registerJobRoutes(
  app: HttpServer,
  jobs: JobStore,
  token: string,
  clock: Clock,
  wake: () => void,
): void {
  const config = { rateLimit: false as const };
  app.get("/v1/jobs", { config, schema: { hide: true } }, async (request, reply) => {
    if (!constantTimeEqual(request.headers.authorization ?? "", bridgeAuthorization(token))) {
      return reply.code(401).send({ error: "invalid or missing bearer token" });
    }
    const query = listQuery.safeParse(request.query);
    if (!query.success)
      return reply.code(400).send({ error: "invalid query: state, integration_id, limit" });
    const list = await jobs.list(query.data.state, query.data.integration_id, query.data.limit);
    return reply.send({ jobs: list.map(jobView) });
  });

  app.post("/v1/jobs/:id/retry", { config, schema: { hide: true } }, async (request, reply) => {
    if (!constantTimeEqual(request.headers.authorization ?? "", bridgeAuthorization(token))) {
      return reply.code(401).send({ error: "invalid or missing bearer token" });
    }
    const id = parseJobId((request.params as { id: string }).id);
    if (id === undefined) return reply.code(404).send({ error: "job not found" });
    if (!(await jobs.replay(id, clock.now()))) {
      const job = await jobs.get(id);
      if (job === undefined) return reply.code(404).send({ error: "job not found" });
      return reply.code(409).send({ error: `job ${id} is ${job.state}, not dead` });
    }
    wake();
    const job = await jobs.get(id);
    return reply.send(job === undefined ? {} : jobView(job));
  });
}
