/**
 * An integration's dead letters, for the API's Chatwoot module (the contract's job
 * calls): list its jobs in a state, and run one of its dead jobs again. Every read and
 * write is scoped by the integration, so an id of another integration's job is simply
 * not found: nobody retries, or learns about, a job that is not theirs.
 */
import type { GatewayJob, JobListQuery } from "../../contracts/bridge.js";
import type { BridgeResult, JobRetry } from "../../contracts/bridge-gateway.js";
import type { Clock } from "../../platform/clock.js";
import type { Logger } from "../../platform/logger.js";
import type { JobStore } from "./job-store.js";
import { gatewayJobOf } from "./job-view.js";

export interface JobAdminDeps {
  jobs: JobStore;
  /** Whether the gateway knows the integration. */
  exists: (integrationId: string) => Promise<boolean>;
  clock: Clock;
  logger: Logger;
  /** Tells the runner that a job is due now. */
  wake: () => void;
}

const UNKNOWN = { ok: false, failure: { type: "not_found", retryable: false } } as const;

export class JobAdmin {
  constructor(private readonly deps: JobAdminDeps) {}

  async list(integrationId: string, query: JobListQuery): Promise<BridgeResult<GatewayJob[]>> {
    if (!(await this.deps.exists(integrationId))) return UNKNOWN;
    const jobs = await this.deps.jobs.list(query.state, integrationId, query.limit);
    return { ok: true, value: jobs.map(gatewayJobOf) };
  }

  async retry(integrationId: string, jobId: number): Promise<BridgeResult<JobRetry>> {
    if (!(await this.deps.exists(integrationId))) return UNKNOWN;
    const replayed = await this.deps.jobs.replay(jobId, this.deps.clock.now(), integrationId);
    const job = await this.deps.jobs.get(jobId);
    if (job === undefined || job.integrationId !== integrationId) {
      return { ok: true, value: { retried: false, reason: "not_found" } };
    }
    if (!replayed)
      return { ok: true, value: { retried: false, reason: "not_dead", state: job.state } };
    this.deps.wake();
    this.deps.logger.info({ integrationId, jobId, kind: job.kind }, "gateway job retried");
    return { ok: true, value: { retried: true, job: gatewayJobOf(job) } };
  }
}
