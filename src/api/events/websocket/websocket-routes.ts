/**
 * WebSocket configuration (spec/ryzeapi.md 5.3), the client upgrade `GET /ws/:instance`
 * and the bridge's `GET /ws/chatwoot/:instance` (spec/bridge.md "Events API → bridge").
 * Every refusal happens in a preHandler, so it is an ordinary HTTP answer given before
 * switching protocols.
 */
import type { FastifyRequest } from "fastify";
import type { WebSocket } from "@fastify/websocket";
import { z } from "zod";
import type { HttpServer } from "../../../platform/http/server.js";
import { badRequest, unauthorized } from "../../../platform/errors.js";
import { eventTypeSchema, type EventType } from "../../../contracts/events.js";
import {
  GATEWAY_CONSUMER,
  STREAM_CLOSE,
  clientStreamQuerySchema,
  gatewayStreamQuerySchema,
} from "../../../contracts/event-stream.js";
import { instanceOf } from "../../instances/instance-guard.js";
import { INVALID_TOKEN, MISSING_TOKEN } from "../../auth/auth-service.js";
import type { InstanceAccess } from "../../instances/access.js";
import type { InstanceRecord } from "../../instances/instance-model.js";
import { instanceParams, successBase } from "../../instances/instance-schemas.js";
import type { WebsocketService } from "./websocket-service.js";

const tags = ["events"];

const websocketView = z.object({
  enabled: z.boolean(),
  events: z.array(eventTypeSchema),
  mediaBase64: z.boolean(),
});

const websocketBody = z.object({
  enabled: z.boolean(),
  events: z.array(eventTypeSchema).optional(),
  mediaBase64: z.boolean().optional(),
});

export interface StreamOpenOptions {
  filter: EventType[];
  mediaBase64: boolean;
  after: number | undefined;
  /** The registered consumer reading the stream (the gateway), if any. */
  consumer?: string;
}

export interface StreamOpener {
  /** Starts streaming the instance's events to an upgraded socket. */
  open(socket: WebSocket, instance: InstanceRecord, options: StreamOpenOptions): Promise<void>;
}

type Setup = StreamOpenOptions & { instance: InstanceRecord };

export function registerWebsocketRoutes(
  app: HttpServer,
  service: WebsocketService,
  access: InstanceAccess,
  streams: StreamOpener,
  bridgeEnabled: boolean,
): void {
  registerWebsocketConfig(app, service, access);
  registerUpgrades(app, service, access, streams, bridgeEnabled);
}

function registerWebsocketConfig(
  app: HttpServer,
  service: WebsocketService,
  access: InstanceAccess,
): void {
  app.post(
    "/api/events/websocket/:instance",
    {
      config: { invalidBody: () => "Invalid request body" },
      schema: {
        tags,
        summary: 'Configure the instance\'s WebSocket ({"enabled": false} disables)',
        params: instanceParams,
        body: websocketBody,
        response: { 200: z.object({ ...successBase, websocket: websocketView }) },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const websocket = await service.configure(instance, request.body);
      return { success: true as const, message: "WebSocket configured successfully", websocket };
    },
  );

  app.get(
    "/api/events/getWebsocket/:instance",
    {
      schema: {
        tags,
        summary: "Read the instance's WebSocket configuration",
        params: instanceParams,
        response: { 200: z.object({ ...successBase, websocket: websocketView }) },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const websocket = await service.get(instance);
      return { success: true as const, message: "WebSocket configuration retrieved", websocket };
    },
  );
}

function registerUpgrades(
  app: HttpServer,
  service: WebsocketService,
  access: InstanceAccess,
  streams: StreamOpener,
  bridgeEnabled: boolean,
): void {
  const setups = new WeakMap<FastifyRequest, Setup>();

  app.get(
    "/ws/:instance",
    {
      websocket: true,
      schema: { params: instanceParams },
      preHandler: async (request) => {
        const { instance: name } = request.params;
        const instance = await instanceOf(request, access, name);
        const config = await service.requireEnabled(instance);
        const { after } = parseStreamQuery(clientStreamQuerySchema, request.query);
        setups.set(request, {
          instance,
          filter: config.events,
          mediaBase64: config.mediaBase64,
          after,
        });
      },
    },
    (socket, request) => openStream(socket, request, setups, streams),
  );

  if (!bridgeEnabled) return;
  app.get(
    "/ws/chatwoot/:instance",
    {
      websocket: true,
      schema: { params: instanceParams },
      preHandler: async (request) => {
        const principal = request.principal;
        if (principal === undefined)
          throw unauthorized(request.tokenPresented ? INVALID_TOKEN : MISSING_TOKEN);
        // Only the integration gateway (BRIDGE_TOKEN) reads this stream.
        if (principal.kind !== "service") throw unauthorized(INVALID_TOKEN);
        const { instance: name } = request.params;
        const instance = await access.resolve(principal, name);
        const query = parseStreamQuery(gatewayStreamQuerySchema, request.query);
        setups.set(request, {
          instance,
          filter: query.events,
          mediaBase64: query.mediaBase64,
          after: query.after,
          consumer: GATEWAY_CONSUMER,
        });
      },
    },
    (socket, request) => openStream(socket, request, setups, streams),
  );
}

function openStream(
  socket: WebSocket,
  request: FastifyRequest,
  setups: WeakMap<FastifyRequest, Setup>,
  streams: StreamOpener,
): Promise<void> {
  const setup = setups.get(request);
  if (setup === undefined) {
    socket.close(STREAM_CLOSE.internalError.code, STREAM_CLOSE.internalError.reason);
    return Promise.resolve();
  }
  const { instance, ...options } = setup;
  return streams.open(socket, instance, options);
}

/** A stream's querystring by its contract; the first problem is the documented 400. */
export function parseStreamQuery<T extends z.ZodType>(schema: T, query: unknown): z.output<T> {
  const parsed = schema.safeParse(query ?? {});
  if (!parsed.success) {
    throw badRequest(`Invalid querystring: ${parsed.error.issues[0]?.message ?? "malformed"}`);
  }
  return parsed.data;
}
