/**
 * The gateway's dead letters in the Chatwoot module (ponte's extension, for the manager
 * page): `GET /api/chatwoot/jobs/:instance?state=dead&limit=100` lists the instance's
 * integration's jobs, `POST /api/chatwoot/jobs/retry/:instance` with `{"id": N}` runs a
 * dead one again. They name the instance in the path like the module's other routes and
 * check in the same order, before anything is parsed: the token (401/403), the module
 * (503), the instance (404); then the query or body (400).
 */
import { z } from "zod";
import { JOB_ID_MAX, JOB_LIST_MAX, JOB_STATES, gatewayJobSchema } from "../../contracts/bridge.js";
import type { HttpServer } from "../../platform/http/server.js";
import type { InstanceAccess } from "../instances/access.js";
import { chatwootGuard } from "./chatwoot-guard.js";
import { chatwootParams, invalidBody } from "./chatwoot-schemas.js";
import type { ChatwootJobsService } from "./chatwoot-jobs-service.js";

const tags = ["chatwoot"];
const LIMIT = `must be a whole number from 1 to ${JOB_LIST_MAX}`;
const JOB_ID = `must be a whole number from 1 to ${JOB_ID_MAX}`;

export const jobsQuerySchema = z.object({
  state: z.enum(JOB_STATES, { error: `must be one of: ${JOB_STATES.join(", ")}` }).default("dead"),
  limit: z.coerce
    .number({ error: LIMIT })
    .int(LIMIT)
    .min(1, LIMIT)
    .max(JOB_LIST_MAX, LIMIT)
    .default(100),
});

export const retryBodySchema = z.object(
  {
    id: z
      .number({ error: (issue) => (issue.input === undefined ? "is required" : JOB_ID) })
      .int(JOB_ID)
      .positive(JOB_ID)
      .max(JOB_ID_MAX, JOB_ID),
  },
  { error: "a JSON object is required" },
);

export const RETRIED = "job retried";

export function registerChatwootJobRoutes(
  app: HttpServer,
  service: ChatwootJobsService,
  access: InstanceAccess,
): void {
  const { guard, instanceFor } = chatwootGuard(access, () => service.requireGateway());

  app.get(
    "/api/chatwoot/jobs/:instance",
    {
      onRequest: guard,
      schema: {
        tags,
        summary: "The integration gateway's jobs of the instance in a state (dead by default)",
        params: chatwootParams,
        querystring: jobsQuerySchema,
        response: { 200: z.object({ jobs: z.array(gatewayJobSchema) }) },
      },
    },
    async (request) => ({ jobs: await service.list(instanceFor(request), request.query) }),
  );

  app.post(
    "/api/chatwoot/jobs/retry/:instance",
    {
      onRequest: guard,
      config: { invalidBody },
      schema: {
        tags,
        summary: "Run one of the instance's dead gateway jobs again from its first attempt",
        params: chatwootParams,
        body: retryBodySchema,
        response: { 200: z.object({ message: z.string(), job: gatewayJobSchema }) },
      },
    },
    async (request) => ({
      message: RETRIED,
      job: await service.retry(instanceFor(request), request.body.id),
    }),
  );
}
