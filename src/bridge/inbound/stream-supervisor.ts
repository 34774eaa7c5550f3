/**
 * The integrations this process consumes: one event stream each (while it holds the
 * integration's stream lease), and a reconciliation pass when a stream opens and then
 * every interval.
 */
import type { Logger } from "../../platform/logger.js";
import type { Consumers } from "../integrations/integration-service.js";
import type { Integration } from "../integrations/integration-model.js";
import type { Reconciler } from "../outbound/reconciler.js";
import { StreamConsumer, type StreamDeps } from "./stream-consumer.js";

export class StreamSupervisor implements Consumers {
  private readonly consumers = new Map<string, StreamConsumer>();
  private timer: NodeJS.Timeout | undefined;
  private reconciling = false;

  constructor(
    private readonly deps: StreamDeps,
    private readonly reconciler: Reconciler,
    private readonly logger: Logger,
    private readonly reconcileEveryMs: number,
  ) {}

  start(integration: Integration): void {
    const running = this.consumers.get(integration.id);
    if (running !== undefined) return;
    const consumer = new StreamConsumer(integration.id, this.deps);
    this.consumers.set(integration.id, consumer);
    consumer.start();
    void this.reconcileOne(integration.id);
  }

  async stop(integrationId: string): Promise<void> {
    const consumer = this.consumers.get(integrationId);
    this.consumers.delete(integrationId);
    await consumer?.stop();
  }

  /** Starts every integration given and the periodic reconciliation. */
  startAll(integrations: Integration[]): void {
    for (const integration of integrations) this.start(integration);
    this.timer = setInterval(() => void this.reconcileAll(), this.reconcileEveryMs);
    this.timer.unref();
  }

  async closeAll(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.consumers.keys()].map((id) => this.stop(id)));
  }

  /** One reconciliation pass over every consumed integration (also for tests and the CLI). */
  async reconcileAll(): Promise<number> {
    if (this.reconciling) return 0;
    this.reconciling = true;
    try {
      let queued = 0;
      for (const id of this.consumers.keys()) queued += await this.reconcileOne(id);
      return queued;
    } finally {
      this.reconciling = false;
    }
  }

  private async reconcileOne(integrationId: string): Promise<number> {
    try {
      return await this.reconciler.reconcile(integrationId);
    } catch (error) {
      this.logger.warn({ err: error, integrationId }, "reconciliation failed; it runs again later");
      return 0;
    }
  }
}
