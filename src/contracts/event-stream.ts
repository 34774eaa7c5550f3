/**
 * The event stream over WebSocket, as both ends see it: `GET /ws/:instance` (clients)
 * and `GET /ws/chatwoot/:instance` (the integration gateway). Server frames are either
 * event envelopes (`src/contracts/events.ts`, told apart by their `event` field) or
 * control frames (told apart by their `type` field). docs/events.md describes the
 * protocol.
 */
import { z } from "zod";
import { eventTypeSchema, type EventType } from "./events.js";

export const AFTER_INVALID = "after must be a non-negative integer";
export const EVENTS_INVALID = "events holds an unknown event type";

/** `?after=SEQ`: resume after that sequence number; absent or empty: from now on. */
const afterSchema = z
  .string({ error: AFTER_INVALID })
  .regex(/^(\d{1,15})?$/, { error: AFTER_INVALID })
  .optional()
  .transform((value) => (value === undefined || value === "" ? undefined : Number(value)));

/** `?events=a,b`: only these event types; absent or empty: all of them. */
const eventsSchema = z
  .string({ error: EVENTS_INVALID })
  .optional()
  .transform((value, context): EventType[] => {
    if (value === undefined || value.trim() === "") return [];
    const parsed = z.array(eventTypeSchema).safeParse(value.split(",").map((part) => part.trim()));
    if (!parsed.success) {
      context.addIssue({ code: "custom", message: EVENTS_INVALID });
      return z.NEVER;
    }
    return [...new Set(parsed.data)];
  });

/** `?mediaBase64=false` leaves media bytes out; anything else keeps them. */
const mediaBase64Schema = z
  .string()
  .optional()
  .catch(undefined)
  .transform((value) => value !== "false");

/** The gateway's stream: `after`, `events` and `mediaBase64`; other keys (`token`) pass. */
export const gatewayStreamQuerySchema = z.object({
  after: afterSchema,
  events: eventsSchema,
  mediaBase64: mediaBase64Schema,
});
export type GatewayStreamQuery = z.output<typeof gatewayStreamQuerySchema>;

/** A client's stream takes only `after`: its filter and media flag are its configuration. */
export const clientStreamQuerySchema = gatewayStreamQuerySchema.pick({ after: true });
export type ClientStreamQuery = z.output<typeof clientStreamQuerySchema>;

/** Close codes the server sends, with the reason text that goes with each. */
export const STREAM_CLOSE = {
  /** The server is stopping: reconnect (to any process) with `?after=`. */
  goingAway: { code: 1001, reason: "server stopping" },
  /** The gateway sent a frame that is not an ack frame (a bug on its side). */
  invalidFrame: { code: 1008, reason: "invalid frame" },
  /** The stream failed on the server's side: reconnect with `?after=`. */
  internalError: { code: 1011, reason: "internal error" },
  /**
   * The client did not take what it was sent (the server holds at most about 1 MiB per
   * connection) through a heartbeat interval: reconnect with `?after=` and read faster.
   */
  consumerTooSlow: { code: 4008, reason: "consumer too slow" },
  /** The instance was deleted: there is nothing left to stream. */
  instanceDeleted: { code: 4404, reason: "instance deleted" },
} as const;
export type StreamClose = (typeof STREAM_CLOSE)[keyof typeof STREAM_CLOSE];

/** The consumer name the integration gateway's stream is registered under. */
export const GATEWAY_CONSUMER = "chatwoot";

/**
 * Client → server on the gateway's stream: "I have durably recorded every event up to
 * `seq`". The server keeps the highest one (the stream's opening `after` counts as one)
 * and retention never prunes an event the gateway has not acknowledged.
 */
export const ackFrameSchema = z.object({
  type: z.literal("ack"),
  seq: z.number().int().nonnegative(),
});
export type AckFrame = z.infer<typeof ackFrameSchema>;

/**
 * Server → client, before any event, when `?after=` asked for events retention has
 * already pruned: the stream goes on after `resumedAfter` (the oldest event kept, less
 * one), so `requestedAfter + 1 … resumedAfter` are gone for good. The same frame comes
 * mid-stream should events be pruned while the stream was reading them.
 */
export const gapFrameSchema = z.object({
  type: z.literal("gap"),
  requestedAfter: z.number().int().nonnegative(),
  resumedAfter: z.number().int().nonnegative(),
});
export type GapFrame = z.infer<typeof gapFrameSchema>;
