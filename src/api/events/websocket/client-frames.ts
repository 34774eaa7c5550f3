/** What a client may send on a stream: on the gateway's stream, ack frames only. */
import type { RawData } from "ws";
import { ackFrameSchema, type AckFrame } from "../../../contracts/event-stream.js";

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
