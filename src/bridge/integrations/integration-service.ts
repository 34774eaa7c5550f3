/**
 * Activate, read and delete integrations (spec/bridge.md "What each call does"), and hand
 * an integration's dead letters to the JobAdmin. This is the gateway's side of the
 * BridgeGateway contract: its HTTP routes call it, and so does
 * the API's Chatwoot module in the all-in-one `serve` role (in process, same contract).
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "../../platform/clock.js";
import type { Logger } from "../../platform/logger.js";
import type {
  ActivateRequest,
  ActivateResponse,
  ChatwootFailureBody,
  GatewayJob,
  IntegrationState,
  JobListQuery,
} from "../../contracts/bridge.js";
import { CHATWOOT_FAILURE_STATUS } from "../../contracts/bridge.js";
import type { BridgeGateway, BridgeResult, JobRetry } from "../../contracts/bridge-gateway.js";
import type { ChatwootAccountRef, ChatwootClient } from "../chatwoot/chatwoot-client.js";
import type { ChatwootFailure } from "../chatwoot/chatwoot-failure.js";
import type { JobAdmin } from "../queue/job-admin.js";
import type { JobStore } from "../queue/job-store.js";
import { inboxScopeOf, type Integration } from "./integration-model.js";
import type { IntegrationStore } from "./integration-store.js";

/** Starts and stops the consumption of an integration's events and jobs. */
export interface Consumers {
  start(integration: Integration): void;
  stop(integrationId: string): Promise<void>;
}

export interface IntegrationServiceDeps {
  store: IntegrationStore;
  jobs: JobStore;
  /** The integrations' dead letters (list, retry). */
  jobAdmin: JobAdmin;
  chatwoot: (account: ChatwootAccountRef) => ChatwootClient;
  consumers: Consumers;
  clock: Clock;
  logger: Logger;
  /** Where Chatwoot reaches the gateway's webhook, without a trailing `/` (known once listening). */
  publicUrl: () => string;
}

/** What activation found wrong with Chatwoot: the failure body of the contract. */
class ChatwootRefusal extends Error {
  constructor(readonly failure: ChatwootFailure) {
    super(failure.detail);
  }
}

export class IntegrationService implements BridgeGateway {
  constructor(private readonly deps: IntegrationServiceDeps) {}

  webhookUrl(integrationId: string, secret: string): string {
    return `${this.deps.publicUrl()}/webhooks/chatwoot/${integrationId}/${secret}`;
  }

  async activate(request: ActivateRequest): Promise<BridgeResult<ActivateResponse>> {
    try {
      const existing = await this.deps.store.byInstance(request.instanceId);
      const integration =
        existing === undefined ? await this.create(request) : await this.modify(existing, request);
      this.deps.consumers.start(integration);
      this.deps.logger.info(
        {
          integrationId: integration.id,
          instanceId: integration.instanceId,
          inboxId: integration.inboxId,
        },
        existing === undefined ? "chatwoot integration activated" : "chatwoot integration updated",
      );
      return { ok: true, value: this.activateAnswer(integration) };
    } catch (error) {
      if (!(error instanceof ChatwootRefusal)) throw error;
      this.deps.logger.warn(
        { instanceId: request.instanceId, kind: error.failure.kind, status: error.failure.status },
        "chatwoot integration activation failed",
      );
      return { ok: false, failure: refusalOf(error.failure) };
    }
  }

  async get(integrationId: string): Promise<BridgeResult<IntegrationState>> {
    const integration = await this.deps.store.get(integrationId);
    if (integration === undefined)
      return { ok: false, failure: { type: "not_found", retryable: false } };
    const counts = await this.deps.jobs.counts(integration.id);
    return {
      ok: true,
      value: {
        integration_id: integration.id,
        status: integration.status,
        last_error: integration.lastError,
        inbox_id: integration.inboxId,
        inbox_name: integration.inboxName,
        instance_id: integration.instanceId,
        signature_mode: integration.signingSecret === null ? "path_secret" : "hmac",
        jobs: { pending: counts.open, dead: counts.dead },
      },
    };
  }

  async terminate(integrationId: string): Promise<BridgeResult<undefined>> {
    const integration = await this.deps.store.get(integrationId);
    if (integration === undefined)
      return { ok: false, failure: { type: "not_found", retryable: false } };
    await this.deps.consumers.stop(integration.id);
    await this.deps.jobs.cancelAll(integration.id, this.deps.clock.now());
    // From here on the old webhook URL answers 404: the row it names is gone.
    await this.deps.store.delete(integration.id);
    const cleared = await this.client(integration).updateInbox(integration.inboxId, {
      webhookUrl: "",
    });
    if (!cleared.ok) {
      this.deps.logger.warn(
        { integrationId, kind: cleared.failure.kind },
        "could not clear the inbox's webhook URL in Chatwoot; its deliveries now answer 404",
      );
    }
    this.deps.logger.info(
      { integrationId, instanceId: integration.instanceId },
      "chatwoot integration deleted",
    );
    return { ok: true, value: undefined };
  }

  listJobs(integrationId: string, query: JobListQuery): Promise<BridgeResult<GatewayJob[]>> {
    return this.deps.jobAdmin.list(integrationId, query);
  }

  retryJob(integrationId: string, jobId: number): Promise<BridgeResult<JobRetry>> {
    return this.deps.jobAdmin.retry(integrationId, jobId);
  }

  private async create(request: ActivateRequest): Promise<Integration> {
    const now = this.deps.clock.now();
    const id = `int_${randomBytes(10).toString("hex")}`;
    const webhookSecret = randomBytes(24).toString("base64url");
    const account = accountOf(request);
    const inbox = await this.createInbox(
      account,
      request.inboxName,
      this.webhookUrl(id, webhookSecret),
    );
    const integration: Integration = {
      id,
      instanceId: request.instanceId,
      instanceName: request.instanceName,
      chatwoot: account,
      inboxId: inbox.id,
      inboxName: inbox.name,
      inboxScope: inboxScopeOf(account.baseUrl, account.accountId, inbox.id),
      webhookSecret,
      signingSecret: inbox.secret,
      flags: flagsOf(request),
      status: "active",
      lastError: "",
      // From the API's latest event when it asked; without it, from when the stream opens.
      streamSeq: request.streamAfter ?? null,
      reconciledUntil: now,
      activatedAt: new Date(now).toISOString(),
      updatedAt: new Date(now).toISOString(),
    };
    if (await this.deps.store.insert(integration)) return integration;
    // Another activation of the same instance won the race: keep its integration.
    await this.client(integration).updateInbox(inbox.id, { webhookUrl: "" });
    const winner = await this.deps.store.byInstance(request.instanceId);
    if (winner === undefined) throw new Error("integration vanished during activation");
    return this.modify(winner, request);
  }

  /** Update in place (Decision 5): same id; a new inbox only when base URL or account changed. */
  private async modify(existing: Integration, request: ActivateRequest): Promise<Integration> {
    const account = accountOf(request);
    const moved =
      account.baseUrl !== existing.chatwoot.baseUrl ||
      account.accountId !== existing.chatwoot.accountId;
    const url = this.webhookUrl(existing.id, existing.webhookSecret);
    const current = moved ? undefined : await this.currentInbox(account, existing.inboxId);
    const inbox =
      current === undefined
        ? await this.createInbox(account, request.inboxName, url)
        : await this.renameInbox(account, current.id, request.inboxName, url);
    if (moved) {
      await this.client(existing).updateInbox(existing.inboxId, { webhookUrl: "" });
    }
    const updated: Integration = {
      ...existing,
      instanceName: request.instanceName,
      chatwoot: account,
      inboxId: inbox.id,
      inboxName: inbox.name,
      inboxScope: inboxScopeOf(account.baseUrl, account.accountId, inbox.id),
      signingSecret: inbox.secret,
      flags: flagsOf(request),
      status: "active",
      lastError: "",
      updatedAt: new Date(this.deps.clock.now()).toISOString(),
    };
    await this.deps.store.update(updated);
    return updated;
  }

  private async createInbox(
    account: ChatwootAccountRef,
    name: string,
    webhookUrl: string,
  ): Promise<{ id: number; name: string; secret: string | null }> {
    const client = this.deps.chatwoot(account);
    // Listing first tells a bad token or account apart before anything is created.
    check(await client.listInboxes());
    const created = check(await client.createInbox(name, webhookUrl));
    // Chatwoot ≥ 4.13 generates the signing secret itself; older versions have none.
    const secret =
      created.secret ??
      (await client.getInbox(created.id).then((r) => (r.ok ? r.value.secret : null)));
    return { id: created.id, name: created.name, secret: secret ?? null };
  }

  /** The inbox, when it still exists (an administrator may have deleted it). */
  private async currentInbox(account: ChatwootAccountRef, inboxId: number) {
    const found = await this.deps.chatwoot(account).getInbox(inboxId);
    if (!found.ok && found.failure.kind === "not_found") return undefined;
    return check(found);
  }

  private async renameInbox(
    account: ChatwootAccountRef,
    inboxId: number,
    name: string,
    webhookUrl: string,
  ) {
    const updated = check(
      await this.deps.chatwoot(account).updateInbox(inboxId, { name, webhookUrl }),
    );
    const secret = updated.secret ?? null;
    return { id: updated.id, name: updated.name, secret };
  }

  private client(integration: Integration): ChatwootClient {
    return this.deps.chatwoot(integration.chatwoot);
  }

  private activateAnswer(integration: Integration): ActivateResponse {
    return {
      integration_id: integration.id,
      status: integration.status,
      inbox_id: integration.inboxId,
      inbox_name: integration.inboxName,
    };
  }
}

function check<T>(result: { ok: true; value: T } | { ok: false; failure: ChatwootFailure }): T {
  if (!result.ok) throw new ChatwootRefusal(result.failure);
  return result.value;
}

function accountOf(request: ActivateRequest): ChatwootAccountRef {
  return {
    baseUrl: request.chatwootBaseUrl,
    accountId: request.chatwootAccountId,
    token: request.chatwootApiToken,
  };
}

function flagsOf(request: ActivateRequest): Integration["flags"] {
  return {
    signMessages: request.signMessages,
    ignoreGroups: request.ignoreGroups,
    startAsPending: request.startAsPending,
    reopenResolved: request.reopenResolved,
  };
}

/** The contract's failure: rate limits and server errors count as "unreachable" to a person. */
function refusalOf(failure: ChatwootFailure) {
  const kind =
    failure.kind === "rate_limited" || failure.kind === "server_error"
      ? "unreachable"
      : failure.kind;
  const body: ChatwootFailureBody = {
    kind,
    detail:
      failure.kind === "server_error"
        ? `HTTP ${failure.status ?? 500}: ${failure.detail}`
        : failure.detail,
    ...(failure.status === undefined ? {} : { chatwoot_status: failure.status }),
  };
  return {
    type: "chatwoot" as const,
    status: CHATWOOT_FAILURE_STATUS[kind],
    chatwoot: body,
    retryable: failure.retryable,
  };
}
