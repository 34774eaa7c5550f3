/** The WebSocket streams open in this process, by instance (closed when it is deleted). */
import type { WebSocket } from "@fastify/websocket";
import type { Logger } from "../../../platform/logger.js";
import type { InstanceData } from "../../../contracts/events.js";
import { STREAM_CLOSE } from "../../../contracts/event-stream.js";
import type { InstanceRecord } from "../../instances/instance-model.js";
import type { EventHub } from "../log/event-hub.js";
import type { EventLogStore } from "../log/log-store.js";
import { EventStream } from "./event-stream.js";
import type { StreamOpener } from "./websocket-routes.js";

export class StreamRegistry implements StreamOpener {
  private readonly byInstance = new Map<string, Set<EventStream>>();

  constructor(
    private readonly log: EventLogStore,
    private readonly hub: EventHub,
    private readonly logger: Logger,
    private readonly heartbeatMs: number,
    private readonly instanceData: (instance: InstanceRecord) => InstanceData,
  ) {}

  async open(
    socket: WebSocket,
    instance: InstanceRecord,
    options: { filter: StreamOptionsFilter; mediaBase64: boolean; after: number | undefined },
  ): Promise<void> {
    // Without `?after=` a client gets what happens from now on.
    const cursor = options.after ?? (await this.log.latestSeq(instance.id));
    const stream = new EventStream(
      socket,
      {
        instanceId: instance.id,
        instanceData: this.instanceData(instance),
        filter: options.filter,
        mediaBase64: options.mediaBase64,
        cursor,
        heartbeatMs: this.heartbeatMs,
      },
      this.log,
      this.hub,
      this.logger,
    );
    let set = this.byInstance.get(instance.id);
    if (set === undefined) {
      set = new Set();
      this.byInstance.set(instance.id, set);
    }
    set.add(stream);
    const streams = set;
    socket.on("close", () => {
      streams.delete(stream);
      if (streams.size === 0 && this.byInstance.get(instance.id) === streams) {
        this.byInstance.delete(instance.id);
      }
    });
    stream.start();
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
}

type StreamOptionsFilter = import("./event-stream.js").StreamOptions["filter"];
