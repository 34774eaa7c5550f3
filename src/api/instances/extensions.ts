/**
 * How feature modules (webhooks, WebSocket, Chatwoot) join the instance lifecycle
 * without the instance module knowing them: they contribute the inline block at
 * creation, their summary in `list`, and clean-up before deletion.
 */
import type { InstanceRecord } from "./instance-model.js";
import type { CreateInstanceBody } from "./instance-schemas.js";

export type ModuleKey = "webhook" | "websocket" | "chatwoot" | "events";

export type ModuleSummary = { enabled: boolean } & Record<string, unknown>;

export interface InstanceModule {
  readonly key: ModuleKey;
  /**
   * Applies the module's inline block of `POST /api/instance/new`. A failure never
   * aborts creation: it is reported in the returned object instead of thrown.
   * Returns undefined when the body carries no block for the module.
   */
  applyInline(
    instance: InstanceRecord,
    body: CreateInstanceBody,
  ): Promise<Record<string, unknown> | undefined>;
  summary(instance: InstanceRecord): Promise<ModuleSummary>;
  /**
   * The summaries of many instances of one account in a fixed number of queries (the
   * list reads them so), keyed by instance id; an instance missing from the map has
   * the module's empty summary. Modules without it are asked one instance at a time.
   */
  summaries?(accountId: string): Promise<Map<string, ModuleSummary>>;
  /** The summary of an instance that has no row of the module's. */
  readonly emptySummary?: ModuleSummary;
  /** Runs before the instance's rows are removed; must not throw for remote failures. */
  beforeDelete(instance: InstanceRecord): Promise<void>;
}

export const DISABLED: ModuleSummary = { enabled: false };
