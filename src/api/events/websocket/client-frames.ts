/** What a client may send on a stream: on the gateway's stream, ack frames only. */
import type { WebSocket } from "@fastify/websocket";
import type { RawData } from "ws";
import { ackFrameSchema, type AckFrame } from "../../../contracts/event-stream.js";

export interface ClientFrame {
  data: RawData;
  isBinary: boolean;
}

/**
 * Keeps what the client sends until its stream is ready to listen: a listener attached
 * only after the stream's starting point has been read would miss early frames (an ack
 * sent right after opening). Call the returned function to stop and take them.
 */
export function holdFrames(socket: WebSocket): () => ClientFrame[] {
  const held: ClientFrame[] = [];
  const keep = (data: RawData, isBinary: boolean) => held.push({ data, isBinary });
  socket.on("message", keep);
  return () => {
    socket.off("message", keep);
    return held;
  };
}

/** The ack frame a client sent, or undefined when the frame is anything else. */
export function ackOf(data: RawData, isBinary: boolean): AckFrame | undefined {
  if (isBinary) return undefined;
  try {
    const parsed = ackFrameSchema.safeParse(JSON.parse(textOf(data)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Not JSON: not an ack frame either.
    return undefined;
  }
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  return Buffer.from(new Uint8Array(data)).toString("utf8");
}
