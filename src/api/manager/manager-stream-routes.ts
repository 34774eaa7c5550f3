/**
 * `GET /ws/manager/:instance`: the manager page's live feed of one instance — every
 * event type (or `?events=a,b`), without media bytes, resumable with `?after=SEQ` like
 * `/ws/:instance` — for the instance's TokenAccount or TokenInstance. It needs no
 * WebSocket configuration, so the page never changes what the instance's own clients
 * receive. A browser sends its token as the `ponte.token.…` subprotocol
 * (src/api/auth/principal.ts), so no token is ever in the URL.
 */
import type { FastifyRequest } from "fastify";
import type { HttpServer } from "../../platform/http/server.js";
import { instanceOf } from "../instances/instance-guard.js";
import type { InstanceAccess } from "../instances/access.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import { instanceParams } from "../instances/instance-schemas.js";
import type { EventType } from "../../contracts/events.js";
import { gatewayStreamQuerySchema } from "../../contracts/event-stream.js";
import { parseStreamQuery, type StreamOpener } from "../events/websocket/websocket-routes.js";

/** `after` and `events` as on the gateway's stream; media bytes are never sent here. */
const managerQuery = gatewayStreamQuerySchema.pick({ after: true, events: true });

interface Setup {
  instance: InstanceRecord;
  filter: EventType[];
  after: number | undefined;
}

export function registerManagerStream(
  app: HttpServer,
  access: InstanceAccess,
  streams: StreamOpener,
): void {
  const setups = new WeakMap<FastifyRequest, Setup>();
  app.get(
    "/ws/manager/:instance",
    {
      websocket: true,
      schema: { params: instanceParams, hide: true },
      // Refusals (401/403/404/400) are plain HTTP answers, before switching protocols.
      preHandler: async (request) => {
        const instance = await instanceOf(request, access, request.params.instance);
        const query = parseStreamQuery(managerQuery, request.query);
        setups.set(request, { instance, filter: query.events, after: query.after });
      },
    },
    (socket, request) => {
      const setup = setups.get(request);
      if (setup === undefined) {
        socket.close(1011, "internal error");
        return Promise.resolve();
      }
      const { instance, filter, after } = setup;
      return streams.open(socket, instance, { filter, mediaBase64: false, after });
    },
  );
}
