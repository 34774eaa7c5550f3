/**
 * The floor under the API's figures: two routes that do no work of an endpoint's own,
 * registered in the bench's server behind ponte's hooks (request id, CORS, metrics, the
 * token's look-up, the rate limit, the request's logger) and answering through the
 * same serializer. No endpoint can beat them, so their ratio to the bare route is the
 * most any endpoint's ratio can reach on the same run.
 */
import { z } from "zod";
import type { ApiParts } from "../../src/app/api-parts.js";
import type { HttpServer } from "../../src/platform/http/server.js";
import { requireAccessTo } from "../../src/api/auth/auth-service.js";
import { instanceOf } from "../../src/api/instances/instance-guard.js";

const params = z.object({ instance: z.string() });

export const FLOOR_PATH = "/bench/floor";

export function registerFloorRoutes(app: HttpServer, parts: ApiParts): void {
  app.get(
    `${FLOOR_PATH}/:instance`,
    { schema: { params, response: { 200: z.object({ instance: z.string() }) } } },
    (request) => {
      requireAccessTo(request.principal, request.tokenPresented, request.params.instance);
      return { instance: request.params.instance };
    },
  );
  app.get(
    `${FLOOR_PATH}/:instance/lookup`,
    {
      schema: {
        params,
        response: { 200: z.object({ instance: z.string(), state: z.string() }) },
      },
    },
    async (request) => {
      const found = await instanceOf(request, parts.access, request.params.instance);
      return { instance: found.name, state: found.connectionState };
    },
  );
}
