/**
 * The gateway's dead letters of an instance's Chatwoot integration, for its own
 * TokenInstance or TokenAccount (the browser never holds BRIDGE_TOKEN): list the jobs in
 * a state, and run a dead one again. The API keeps no job of its own; it names the
 * instance's integration to the gateway, which scopes every job id by it, so a job of
 * another instance is not found rather than retried.
 */
import type { GatewayJob, JobListQuery } from "../../contracts/bridge.js";
import {
  describeFailure,
  type BridgeFailure,
  type BridgeGateway,
} from "../../contracts/bridge-gateway.js";
import { AppError, conflict, notFound, unavailable } from "../../platform/errors.js";
import type { Logger } from "../../platform/logger.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import {
  GATEWAY_NOT_CONFIGURED,
  NO_INTEGRATION,
  UNKNOWN_AT_GATEWAY,
  activationError,
} from "./chatwoot-errors.js";
import type { ChatwootStore } from "./chatwoot-store.js";

export const JOB_NOT_FOUND = "job not found";
export const jobNotDead = (id: number, state: string) => `job ${id} is ${state}, not dead`;

export class ChatwootJobsService {
  constructor(
    private readonly store: Pick<ChatwootStore, "find">,
    /** Undefined when the module is off. */
    private readonly gateway: BridgeGateway | undefined,
    private readonly logger: Logger,
  ) {}

  /** Throws the documented 503 when the module is off. */
  requireGateway(): BridgeGateway {
    if (this.gateway === undefined) throw unavailable(GATEWAY_NOT_CONFIGURED);
    return this.gateway;
  }

  async list(instance: InstanceRecord, query: JobListQuery): Promise<GatewayJob[]> {
    const gateway = this.requireGateway();
    const integrationId = await this.integrationOf(instance);
    const result = await gateway.listJobs(integrationId, query);
    if (result.ok) return result.value;
    throw this.failed(instance, integrationId, result.failure);
  }

  async retry(instance: InstanceRecord, jobId: number): Promise<GatewayJob> {
    const gateway = this.requireGateway();
    const integrationId = await this.integrationOf(instance);
    const result = await gateway.retryJob(integrationId, jobId);
    if (!result.ok) throw this.failed(instance, integrationId, result.failure);
    const retry = result.value;
    if (retry.retried) {
      this.logger.info(
        { instance: instance.name, instanceId: instance.id, integrationId, jobId },
        "chatwoot gateway job retried",
      );
      return retry.job;
    }
    if (retry.reason === "not_found") throw notFound(JOB_NOT_FOUND);
    throw conflict(jobNotDead(jobId, retry.state));
  }

  private async integrationOf(instance: InstanceRecord): Promise<string> {
    const record = await this.store.find(instance.id);
    if (record === undefined) throw notFound(NO_INTEGRATION);
    return record.bridgeIntegrationId;
  }

  /** The gateway's failure in the module's words (the texts of docs/chatwoot-module.md). */
  private failed(instance: InstanceRecord, integrationId: string, failure: BridgeFailure) {
    if (failure.type === "not_found") return notFound(UNKNOWN_AT_GATEWAY);
    this.logger.warn(
      {
        instance: instance.name,
        instanceId: instance.id,
        integrationId,
        reason: describeFailure(failure),
        retryable: failure.retryable,
      },
      "chatwoot jobs: the integration gateway failed",
    );
    // The job calls never reach Chatwoot: a Chatwoot failure body here breaks the contract.
    if (failure.type === "chatwoot") {
      return new AppError(
        502,
        `integration gateway failed — try again later. Detail: ${describeFailure(failure)}`,
      );
    }
    return activationError(failure, { chatwootBaseUrl: "", chatwootAccountId: 0 });
  }
}
