/**
 * The API's HTTP client of the integration gateway (src/contracts/bridge.ts). One
 * attempt per call, each with its own deadline: a person is waiting on every one of
 * them (set, list, delete), so the client reports whether a retry could help and leaves
 * the decision to the caller instead of spending the budget on retries itself.
 */
import type { z } from "zod";
import {
  BRIDGE_ACTIVATE_PATH,
  JOB_NOT_FOUND,
  activateResponseSchema,
  bridgeAuthorization,
  bridgeIntegrationPath,
  bridgeJobRetryPath,
  bridgeJobsPath,
  chatwootFailureBodySchema,
  gatewayErrorBodySchema,
  gatewayJobSchema,
  integrationStateSchema,
  jobConflictBodySchema,
  jobListResponseSchema,
  type ActivateRequest,
  type ActivateResponse,
  type GatewayJob,
  type IntegrationState,
  type JobListQuery,
} from "../../contracts/bridge.js";
import type {
  BridgeFailure,
  BridgeGateway,
  BridgeResult,
  JobRetry,
} from "../../contracts/bridge-gateway.js";
import { classifyNetworkError, retryableStatus } from "../../platform/outcome.js";
import { withDeadline } from "../../platform/net/deadline.js";

export interface BridgeClientOptions {
  /** BRIDGE_URL without a trailing `/`. */
  url: string;
  token: string;
  timeouts: { activateMs: number; getMs: number; deleteMs: number };
}

type Exchange =
  { answered: true; status: number; text: string } | { answered: false; failure: BridgeFailure };

/** Error texts are cut to this length: a gateway may answer with a whole HTML page. */
const DETAIL_LIMIT = 300;

export class BridgeClient implements BridgeGateway {
  constructor(private readonly options: BridgeClientOptions) {}

  async activate(request: ActivateRequest): Promise<BridgeResult<ActivateResponse>> {
    const exchange = await this.exchange(
      "POST",
      BRIDGE_ACTIVATE_PATH,
      this.options.timeouts.activateMs,
      request,
    );
    if (!exchange.answered) return { ok: false, failure: exchange.failure };
    if (exchange.status === 200 || exchange.status === 201) {
      return this.parse(activateResponseSchema, exchange.text);
    }
    return { ok: false, failure: this.errorFailure(exchange.status, exchange.text) };
  }

  async get(integrationId: string): Promise<BridgeResult<IntegrationState>> {
    const path = bridgeIntegrationPath(integrationId);
    const exchange = await this.exchange("GET", path, this.options.timeouts.getMs);
    if (!exchange.answered) return { ok: false, failure: exchange.failure };
    if (exchange.status === 200) return this.parse(integrationStateSchema, exchange.text);
    if (exchange.status === 404)
      return { ok: false, failure: { type: "not_found", retryable: false } };
    return { ok: false, failure: this.errorFailure(exchange.status, exchange.text) };
  }

  async terminate(integrationId: string): Promise<BridgeResult<undefined>> {
    const path = bridgeIntegrationPath(integrationId);
    const exchange = await this.exchange("DELETE", path, this.options.timeouts.deleteMs);
    if (!exchange.answered) return { ok: false, failure: exchange.failure };
    if (exchange.status >= 200 && exchange.status < 300) return { ok: true, value: undefined };
    if (exchange.status === 404)
      return { ok: false, failure: { type: "not_found", retryable: false } };
    return { ok: false, failure: this.errorFailure(exchange.status, exchange.text) };
  }

  /** Both job calls are read-sized: they share the get deadline (BRIDGE_GET_TIMEOUT_MS). */
  async listJobs(integrationId: string, query: JobListQuery): Promise<BridgeResult<GatewayJob[]>> {
    const search = new URLSearchParams({ state: query.state, limit: String(query.limit) });
    const path = `${bridgeJobsPath(integrationId)}?${search.toString()}`;
    const exchange = await this.exchange("GET", path, this.options.timeouts.getMs);
    if (!exchange.answered) return { ok: false, failure: exchange.failure };
    if (exchange.status === 200) {
      const parsed = this.parse(jobListResponseSchema, exchange.text);
      return parsed.ok ? { ok: true, value: parsed.value.jobs } : parsed;
    }
    if (exchange.status === 404)
      return { ok: false, failure: { type: "not_found", retryable: false } };
    return { ok: false, failure: this.errorFailure(exchange.status, exchange.text) };
  }

  async retryJob(integrationId: string, jobId: number): Promise<BridgeResult<JobRetry>> {
    const path = bridgeJobRetryPath(integrationId, jobId);
    const exchange = await this.exchange("POST", path, this.options.timeouts.getMs);
    if (!exchange.answered) return { ok: false, failure: exchange.failure };
    const { status, text } = exchange;
    if (status === 200) {
      const parsed = this.parse(gatewayJobSchema, text);
      return parsed.ok ? { ok: true, value: { retried: true, job: parsed.value } } : parsed;
    }
    if (status === 404) {
      // The contract tells the two 404s apart by their text: the job's, or the integration's.
      const body = gatewayErrorBodySchema.safeParse(parseJson(text));
      if (body.success && body.data.error === JOB_NOT_FOUND)
        return { ok: true, value: { retried: false, reason: "not_found" } };
      return { ok: false, failure: { type: "not_found", retryable: false } };
    }
    const conflict = status === 409 ? jobConflictBodySchema.safeParse(parseJson(text)) : undefined;
    if (conflict?.success === true) {
      return {
        ok: true,
        value: { retried: false, reason: "not_dead", state: conflict.data.state },
      };
    }
    return { ok: false, failure: this.errorFailure(status, text) };
  }

  private async exchange(
    method: string,
    path: string,
    timeoutMs: number,
    body?: unknown,
  ): Promise<Exchange> {
    const headers: Record<string, string> = {
      authorization: bridgeAuthorization(this.options.token),
      accept: "application/json",
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    try {
      // The deadline covers the whole exchange, reading the body included.
      return await withDeadline(timeoutMs, async (signal) => {
        const response = await fetch(`${this.options.url}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal,
        });
        return { answered: true, status: response.status, text: await response.text() };
      });
    } catch (error) {
      return { answered: false, failure: networkFailure(error, timeoutMs) };
    }
  }

  private parse<T>(schema: z.ZodType<T>, text: string): BridgeResult<T> {
    const parsed = schema.safeParse(parseJson(text));
    if (parsed.success) return { ok: true, value: parsed.data };
    const detail = parsed.error.issues
      .map((issue) =>
        issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`,
      )
      .join("; ");
    return {
      ok: false,
      failure: { type: "invalid_answer", detail: this.clean(detail), retryable: false },
    };
  }

  private errorFailure(status: number, text: string): BridgeFailure {
    const chatwoot = chatwootFailureBodySchema.safeParse(parseJson(text));
    if (chatwoot.success) {
      const { kind } = chatwoot.data;
      return {
        type: "chatwoot",
        status,
        chatwoot: { ...chatwoot.data, detail: this.clean(chatwoot.data.detail) },
        retryable: kind === "unreachable" || kind === "timeout",
      };
    }
    if (status === 401 || status === 403)
      return { type: "credentials_refused", status, retryable: false };
    return {
      type: "http",
      status,
      detail: this.clean(text),
      retryable: retryableStatus(status),
    };
  }

  /** Short, one line, and without BRIDGE_TOKEN even if the gateway echoed it. */
  private clean(text: string): string {
    const flat = text.replaceAll(this.options.token, "[redacted]").replace(/\s+/g, " ").trim();
    return flat.length > DETAIL_LIMIT ? `${flat.slice(0, DETAIL_LIMIT)}…` : flat;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A rejected fetch as the gateway's failure: our deadline, or no connection at all. */
export function networkFailure(error: unknown, timeoutMs: number): BridgeFailure {
  const failure = classifyNetworkError(error, timeoutMs);
  return failure.kind === "timeout"
    ? { type: "timeout", timeoutMs, retryable: true }
    : { type: "unreachable", reason: failure.code ?? failure.detail, retryable: true };
}
