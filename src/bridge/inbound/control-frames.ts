/**
 * The event stream's control frames the gateway understands (src/contracts/event-stream.ts
 * owns their schemas once published there): `ready` says after which sequence the stream
 * starts, `gap` that retention removed events the gateway asked for.
 */
import { z } from "zod";

const gapSchema = z.object({
  type: z.literal("gap"),
  requestedAfter: z.number().int().nonnegative(),
  resumedAfter: z.number().int().nonnegative(),
});
const readySchema = z.object({ type: z.literal("ready"), after: z.number().int().nonnegative() });
const controlSchema = z.discriminatedUnion("type", [gapSchema, readySchema]);

export type ControlFrame = z.infer<typeof controlSchema>;

export function controlFrameOf(frame: unknown): ControlFrame | undefined {
  if (typeof frame !== "object" || frame === null || !("type" in frame)) return undefined;
  const parsed = controlSchema.safeParse(frame);
  return parsed.success ? parsed.data : undefined;
}
