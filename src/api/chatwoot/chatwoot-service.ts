/**
 * The rules of the Chatwoot module (spec/ryzeapi.md 7, Decisions 1–6): activation and
 * update through the integration gateway, the status read with live enrichment, and
 * deactivation that always removes the local row. The API never talks to Chatwoot.
 */
import { randomUUID } from "node:crypto";
import type { ActivateRequest, ActivateResponse } from "../../contracts/bridge.js";
import type { Clock } from "../../platform/clock.js";
import { KeyedSerializer } from "../../platform/keyed-serializer.js";
import { notFound, unavailable } from "../../platform/errors.js";
import type { Logger } from "../../platform/logger.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import {
  describeFailure,
  type BridgeFailure,
  type BridgeGateway,
} from "../../contracts/bridge-gateway.js";
import {
  GATEWAY_NOT_CONFIGURED,
  NO_INTEGRATION,
  NO_INTEGRATION_TO_DELETE,
  UNKNOWN_AT_GATEWAY,
  activationError,
} from "./chatwoot-errors.js";
import {
  NO_SUMMARY,
  toView,
  type IntegrationRecord,
  type IntegrationSummary,
  type LiveState,
} from "./chatwoot-model.js";
import type { IntegrationView, SetBody } from "./chatwoot-schemas.js";
import type { ChatwootStore } from "./chatwoot-store.js";

export interface Activation {
  status: ActivateResponse["status"];
  bridgeIntegrationId: string;
  inboxId: number;
  inboxName: string;
}

export class ChatwootService {
  /** One instance's integration writes run one at a time in this process. */
  private readonly lock = new KeyedSerializer();

  constructor(
    private readonly store: ChatwootStore,
    /** Undefined when BRIDGE_URL or BRIDGE_TOKEN is unset: the module is off. */
    private readonly gateway: BridgeGateway | undefined,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /**
     * Runs before the local row goes: the gateway's stream of the instance stops holding
     * back event retention. Before, so that a failure leaves the row for a retry.
     */
    private readonly forgetStream: (instanceId: string) => Promise<void> = () => Promise.resolve(),
    /** The instance's last event sequence, where a new integration starts relaying. */
    private readonly latestSeq: (instanceId: string) => Promise<number> = () => Promise.resolve(0),
    /** Refuses a chatwootBaseUrl the outbound policy does not let the gateway reach (400). */
    private readonly checkBaseUrl: (url: string) => Promise<unknown> = () => Promise.resolve(),
  ) {}

  get enabled(): boolean {
    return this.gateway !== undefined;
  }

  /** Throws the documented 503 when the module is off. */
  requireGateway(): BridgeGateway {
    if (this.gateway === undefined) throw unavailable(GATEWAY_NOT_CONFIGURED);
    return this.gateway;
  }

  /**
   * Activates the instance's integration, or updates the existing one in place (same row,
   * same gateway integration, Decision 5). Nothing local changes when the gateway fails.
   */
  activate(instance: InstanceRecord, body: SetBody): Promise<Activation> {
    const gateway = this.requireGateway();
    return this.lock.run(instance.id, async () => {
      await this.checkBaseUrl(body.chatwootBaseUrl);
      const existing = await this.store.find(instance.id);
      const request: ActivateRequest = {
        instanceId: instance.id,
        instanceName: instance.name,
        ...body,
        ...(existing === undefined ? {} : { existingIntegrationId: existing.bridgeIntegrationId }),
        streamAfter: await this.latestSeq(instance.id),
      };
      const result = await gateway.activate(request);
      if (!result.ok) {
        this.logger.info(
          { instance: instance.name, instanceId: instance.id, failure: result.failure.type },
          "chatwoot activation failed",
        );
        throw activationError(result.failure, body);
      }
      const answer = result.value;
      await this.saveActivation(instance, body, answer, existing, gateway);
      this.logger.info(
        { instance: instance.name, instanceId: instance.id, inboxId: answer.inbox_id },
        existing === undefined ? "chatwoot integration activated" : "chatwoot integration updated",
      );
      return {
        status: answer.status,
        bridgeIntegrationId: answer.integration_id,
        inboxId: answer.inbox_id,
        inboxName: answer.inbox_name,
      };
    });
  }

  /** The list answer: the local row, with the gateway's live values when it answers. */
  async status(instance: InstanceRecord): Promise<IntegrationView> {
    const gateway = this.requireGateway();
    const record = await this.store.find(instance.id);
    if (record === undefined) throw notFound(NO_INTEGRATION);
    const result = await gateway.get(record.bridgeIntegrationId);
    let live: LiveState;
    if (result.ok) {
      live = {
        status: result.value.status,
        lastError: result.value.last_error,
        inboxId: result.value.inbox_id,
      };
    } else if (result.failure.type === "not_found") {
      // The gateway answered and has no such integration: nothing flows, say so.
      live = { status: "error", lastError: UNKNOWN_AT_GATEWAY, inboxId: 0 };
    } else {
      this.logFailure(
        "chatwoot status: no live state from the integration gateway; using local data",
        instance,
        record,
        result.failure,
      );
      return toView(instance.name, record);
    }
    // Written only when it changes what the row holds: a list is a read, and a write per
    // list (two on SQLite's one writer) cost more than the rest of the answer.
    if (changesRow(record, live)) {
      await this.store.recordLive(instance.id, record.bridgeIntegrationId, live, this.now());
    }
    return toView(instance.name, record, live);
  }

  /** Terminates at the gateway (best effort, Decision 6), then removes the row. */
  deactivate(instance: InstanceRecord): Promise<void> {
    const gateway = this.requireGateway();
    return this.lock.run(instance.id, async () => {
      const record = await this.store.find(instance.id);
      if (record === undefined) throw notFound(NO_INTEGRATION_TO_DELETE);
      await this.terminateAtGateway(gateway, instance, record);
      await this.forgetStream(instance.id);
      await this.store.remove(instance.id);
    });
  }

  /** Before an instance is deleted: never throws for the gateway, never blocks on it. */
  forget(instance: InstanceRecord): Promise<void> {
    return this.lock.run(instance.id, async () => {
      const record = await this.store.find(instance.id);
      if (record === undefined) return;
      if (this.gateway === undefined) {
        this.logger.warn(
          {
            instance: instance.name,
            instanceId: instance.id,
            integrationId: record.bridgeIntegrationId,
          },
          "integration gateway not configured: the chatwoot integration was not terminated there",
        );
      } else {
        await this.terminateAtGateway(this.gateway, instance, record);
      }
      await this.forgetStream(instance.id);
      await this.store.remove(instance.id);
    });
  }

  summaries(accountId: string): Promise<Map<string, IntegrationSummary>> {
    return this.store.summariesOfAccount(accountId);
  }

  async summary(instance: InstanceRecord): Promise<IntegrationSummary> {
    return (await this.store.summary(instance.id)) ?? NO_SUMMARY;
  }

  private async saveActivation(
    instance: InstanceRecord,
    body: SetBody,
    answer: ActivateResponse,
    existing: IntegrationRecord | undefined,
    gateway: BridgeGateway,
  ): Promise<void> {
    const now = this.now();
    const sameInbox =
      existing !== undefined &&
      existing.bridgeIntegrationId === answer.integration_id &&
      existing.chatwootBaseUrl === body.chatwootBaseUrl &&
      existing.chatwootAccountId === body.chatwootAccountId;
    const record: IntegrationRecord = {
      id: existing?.id ?? randomUUID(),
      instanceId: instance.id,
      bridgeIntegrationId: answer.integration_id,
      ...body,
      // An update that keeps the inbox keeps its known id while the gateway reports 0.
      inboxId: answer.inbox_id === 0 && sameInbox ? existing.inboxId : answer.inbox_id,
      inboxName: answer.inbox_name === "" ? body.inboxName : answer.inbox_name,
      status: answer.status,
      lastError: "",
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    try {
      await this.store.save(record);
    } catch (error) {
      // The gateway now holds an integration no row names: end it rather than leave it
      // consuming the instance's events.
      if (existing?.bridgeIntegrationId !== answer.integration_id) {
        await this.terminateAtGateway(gateway, instance, record);
      }
      throw error;
    }
  }

  private async terminateAtGateway(
    gateway: BridgeGateway,
    instance: InstanceRecord,
    record: IntegrationRecord,
  ): Promise<void> {
    const result = await gateway.terminate(record.bridgeIntegrationId);
    // 404: the gateway no longer has it, which is what termination wants.
    if (result.ok || result.failure.type === "not_found") return;
    this.logFailure(
      "could not terminate the chatwoot integration at the integration gateway; removing it locally",
      instance,
      record,
      result.failure,
    );
  }

  private logFailure(
    message: string,
    instance: InstanceRecord,
    record: IntegrationRecord,
    failure: BridgeFailure,
  ) {
    this.logger.warn(
      {
        instance: instance.name,
        instanceId: instance.id,
        integrationId: record.bridgeIntegrationId,
        reason: describeFailure(failure),
        retryable: failure.retryable,
      },
      message,
    );
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

/** Whether the gateway's live values differ from the row (see ChatwootStore.recordLive). */
function changesRow(record: IntegrationRecord, live: LiveState): boolean {
  return (
    live.status !== record.status ||
    live.lastError !== record.lastError ||
    (record.inboxId === 0 && live.inboxId > 0)
  );
}
