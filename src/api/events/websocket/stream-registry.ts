/**
 * The WebSocket streams open in this process, by instance (closed when it is deleted).
 * A registered consumer's stream (the integration gateway's) also records where the
 * consumer stands: its opening `after`, then its acks.
 */
import type { WebSocket } from "@fastify/websocket";
import type { Clock } from "../../../platform/clock.js";
import type { Logger } from "../../../platform/logger.js";
import type { InstanceData } from "../../../contracts/events.js";
import { STREAM_CLOSE, type GapFrame } from "../../../contracts/event-stream.js";
import type { InstanceRecord } from "../../instances/instance-model.js";
import type { ConsumerStore } from "../log/consumer-store.js";
import type { EventHub } from "../log/event-hub.js";
import type { EventLogStore } from "../log/log-store.js";
import { AckThrottle } from "./ack-throttle.js";
import { holdFrames } from "./client-frames.js";
import { EventStream } from "./event-stream.js";
import type { ReplayLimiter } from "./replay-limiter.js";
import type { StreamOpenOptions, StreamOpener } from "./websocket-routes.js";

export interface StreamRegistryDeps {
  log: EventLogStore;
  consumers: ConsumerStore;
  hub: EventHub;
  clock: Clock;
  logger: Logger;
  heartbeatMs: number;
  instanceData: (instance: InstanceRecord) => InstanceData;
  /** Bounds the streams of this process reading the log at once. */
  replays: ReplayLimiter;
}

export class StreamRegistry implements StreamOpener {
  private readonly byInstance = new Map<string, Set<EventStream>>();

  constructor(private readonly deps: StreamRegistryDeps) {}

  async open(
    socket: WebSocket,
    instance: InstanceRecord,
    options: StreamOpenOptions,
  ): Promise<void> {
    const { log, hub, logger, heartbeatMs } = this.deps;
    const takeEarlyFrames = holdFrames(socket);
    let acks: AckThrottle | undefined;
    try {
      const { cursor, gap } = await this.startingPoint(instance.id, options.after);
      acks = await this.register(instance.id, options.consumer, options.after ?? cursor);
      const stream = new EventStream(
        socket,
        {
          instanceId: instance.id,
          instanceData: this.deps.instanceData(instance),
          filter: options.filter,
          mediaBase64: options.mediaBase64,
          cursor,
          heartbeatMs,
          ...(acks === undefined ? {} : { acks }),
          ...(gap === undefined ? {} : { gap }),
        },
        log,
        hub,
        this.deps.replays,
        logger,
      );
      const early = takeEarlyFrames();
      // The client may have left while the starting point was read: nothing to start.
      if (socket.readyState !== socket.OPEN) {
        await acks?.close();
        return;
      }
      this.track(instance.id, socket, stream);
      stream.start(early);
    } catch (error) {
      takeEarlyFrames();
      logger.warn({ err: error, instanceId: instance.id }, "websocket stream could not start");
      await acks?.close();
      socket.close(STREAM_CLOSE.internalError.code, STREAM_CLOSE.internalError.reason);
    }
  }

  closeInstance(instanceId: string): void {
    for (const stream of this.byInstance.get(instanceId) ?? []) {
      stream.end(STREAM_CLOSE.instanceDeleted);
    }
    this.byInstance.delete(instanceId);
  }

  closeAll(): void {
    for (const id of [...this.byInstance.keys()]) {
      for (const stream of this.byInstance.get(id) ?? []) stream.end(STREAM_CLOSE.goingAway);
    }
    this.byInstance.clear();
  }

  /**
   * Where the stream starts. Without `?after=` a client gets what happens from now on.
   * An `after` before what retention kept (in an instance that has had events) resumes
   * from the oldest event kept, and says so with a gap frame.
   */
  private async startingPoint(
    instanceId: string,
    after: number | undefined,
  ): Promise<{ cursor: number; gap?: GapFrame }> {
    const { log } = this.deps;
    const latest = await log.latestSeq(instanceId);
    if (after === undefined) return { cursor: latest };
    const firstKept = (await log.oldestSeq(instanceId)) ?? latest + 1;
    if (latest === 0 || after >= firstKept - 1) return { cursor: after };
    const resumedAfter = firstKept - 1;
    return { cursor: resumedAfter, gap: { type: "gap", requestedAfter: after, resumedAfter } };
  }

  /**
   * A consumer's opening `after` is an ack too: it says what the consumer has recorded.
   * Opened without one, the consumer stands where its stream starts (it was never sent
   * anything before), so retention holds what it is about to be sent.
   */
  private async register(
    instanceId: string,
    consumer: string | undefined,
    position: number,
  ): Promise<AckThrottle | undefined> {
    if (consumer === undefined) return undefined;
    const { consumers, clock, logger } = this.deps;
    const at = () => new Date(clock.now()).toISOString();
    await consumers.register(instanceId, consumer, position, at());
    return new AckThrottle(
      (seq) => consumers.ack(instanceId, consumer, seq, at()),
      clock,
      (error) => logger.warn({ err: error, instanceId, consumer }, "consumer ack not recorded"),
    );
  }

  private track(instanceId: string, socket: WebSocket, stream: EventStream): void {
    let set = this.byInstance.get(instanceId);
    if (set === undefined) {
      set = new Set();
      this.byInstance.set(instanceId, set);
    }
    set.add(stream);
    const streams = set;
    socket.on("close", () => {
      streams.delete(stream);
      if (streams.size === 0 && this.byInstance.get(instanceId) === streams) {
        this.byInstance.delete(instanceId);
      }
    });
  }
}
