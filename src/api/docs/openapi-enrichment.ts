/**
 * Turns the route schemas into a reference a person can work from: every operation gets
 * a description with who may call it, its documented error answers with their literal
 * messages, and a request example; the WebSocket endpoints and the event envelope,
 * which no route schema describes, are added as paths and a component.
 */
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import { EVENT_TYPES } from "../../contracts/events.js";
import {
  AUTH_TEXT,
  authOf,
  commonErrors,
  EXAMPLES,
  NOTES,
  ROUTE_ERRORS,
  SUMMARIES,
} from "./openapi-notes.js";

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];
type JsonObject = Record<string, unknown>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Bad request",
  401: "No valid token",
  403: "Token valid, no permission",
  404: "Not found",
  409: "Conflict",
  429: "Rate limited (X-RateLimit-* and Retry-After headers)",
  500: "Internal error",
  503: "Unavailable",
};

function errorResponse(status: number, messages: string[]): JsonObject {
  return {
    description: `${ERROR_DESCRIPTIONS[status] ?? "Error"}. Messages: ${messages.map((m) => `\`${m}\``).join("; ")}`,
    type: "object",
    properties: {
      success: { type: "boolean", enum: [false] },
      error: {
        type: "object",
        properties: { message: { type: "string", example: messages[0] } },
        required: ["message"],
      },
    },
    required: ["success", "error"],
  };
}

export function enrichedTransform(input: TransformInput): ReturnType<typeof jsonSchemaTransform> {
  const out = jsonSchemaTransform(input);
  const methods = input.route.method;
  const method = (Array.isArray(methods) ? String(methods[0]) : String(methods)).toUpperCase();
  const key = `${method} ${input.url}`;
  const schema = out.schema as JsonObject;
  // The event streams are described as paths of their own (WEBSOCKET_PATHS).
  if (input.url.startsWith("/ws/")) return { ...out, schema: { ...schema, hide: true } };
  const auth = authOf(method, input.url);
  const summary = typeof schema.summary === "string" ? schema.summary : (SUMMARIES[key] ?? key);
  const own = typeof schema.description === "string" ? schema.description : `${summary}.`;
  const description = NOTES[key] === undefined ? own : `${own}\n\n${NOTES[key]}`;
  const response = { ...(schema.response as JsonObject | undefined) };
  const errors = { ...commonErrors(method, input.url) };
  for (const [status, messages] of Object.entries(ROUTE_ERRORS[key] ?? {}))
    errors[Number(status)] = [...(errors[Number(status)] ?? []), ...messages];
  for (const [status, messages] of Object.entries(errors))
    response[status] ??= errorResponse(Number(status), messages);
  const example = EXAMPLES[key];
  const body = schema.body as JsonObject | undefined;
  return {
    ...out,
    schema: {
      ...schema,
      summary,
      description: `${description}\n\n**Auth:** ${AUTH_TEXT[auth]}`,
      response,
      ...(body !== undefined && example !== undefined ? { body: { ...body, example } } : {}),
    },
  };
}

/** The shared envelope of webhook deliveries and WebSocket frames (spec 5.1, Decision 10). */
export const EVENT_ENVELOPE_SCHEMA: JsonObject = {
  type: "object",
  description:
    "One event, as a webhook delivery body and as one WebSocket text frame. `data` depends on `event` (docs/events.md).",
  properties: {
    event: { type: "string", enum: [...EVENT_TYPES] },
    seq: {
      type: "integer",
      description: "The instance's event sequence number (ponte); resume with `?after=<seq>`.",
    },
    data: { type: "object", additionalProperties: true },
    instanceData: {
      type: "object",
      properties: {
        baseUrl: { type: "string", example: "https://api.example.com" },
        instance: { type: "string", example: "support" },
        token: { type: "string", description: "The instance's own TokenInstance." },
      },
      required: ["baseUrl", "instance", "token"],
    },
  },
  required: ["event", "data", "instanceData"],
  example: {
    event: "message.exchange",
    seq: 42,
    data: {
      id: "3EB08FCF27E532F1B0F5",
      message: { direction: "incoming", content: { text: "Hello" } },
    },
    instanceData: { baseUrl: "https://api.example.com", instance: "support", token: "ins_…" },
  },
};

const upgrade = (summary: string, description: string, auth: string): JsonObject => ({
  get: {
    tags: ["websocket"],
    summary,
    description: `${description}\n\n**Auth:** ${auth}`,
    parameters: [
      { name: "instance", in: "path", required: true, schema: { type: "string" } },
      {
        name: "after",
        in: "query",
        required: false,
        schema: { type: "integer", minimum: 0 },
        description: "Replay the stored events after this `seq` first, then stream live ones.",
      },
      {
        name: "token",
        in: "query",
        required: false,
        schema: { type: "string" },
        description: "For browsers, which cannot set headers on a WebSocket.",
      },
    ],
    responses: {
      101: {
        description: "Switching protocols; then one JSON text frame per event.",
        content: { "application/json": { schema: { $ref: "#/components/schemas/EventEnvelope" } } },
      },
      400: errorResponse(400, [
        "WebSocket is not enabled for this instance. Configure it first using POST /api/events/websocket/<instance>",
      ]),
      401: errorResponse(401, ["Invalid token"]),
      403: errorResponse(403, ["Instance token does not match this instance"]),
      404: errorResponse(404, ["Instance not found"]),
      429: errorResponse(429, ["Rate limit exceeded. Try again later."]),
    },
  },
});

export const WEBSOCKET_PATHS: JsonObject = {
  "/ws/{instance}": upgrade(
    "Stream the instance's events",
    "Upgrades to a WebSocket that carries the instance's events (filtered and with media as `POST /api/events/websocket` configured), one `EventEnvelope` per text frame. The server pings every WS_HEARTBEAT_MS; close code 1001 means the server is stopping (reconnect with `?after=<last seq>`).",
    "TokenAccount or TokenInstance, in the `token` header or `?token=`. Counts against the global rate limit.",
  ),
  "/ws/chatwoot/{instance}": upgrade(
    "The integration gateway's event stream",
    "The same frames for the integration gateway, registered only when BRIDGE_URL and BRIDGE_TOKEN are set; the instance is named by its global id.",
    AUTH_TEXT.service,
  ),
};
