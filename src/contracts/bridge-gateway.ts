/**
 * The integration gateway as the API's Chatwoot module sees it: three calls for an
 * integration's life, two for its dead letters, and what each can come back with. Two transports implement it: the API's HTTP client (the
 * `api` role talking to a separate `bridge`) and the gateway's own service (the
 * all-in-one `serve` role, in process). Neither side imports the other; both import this.
 *
 * Every failure says whether
 * trying again can help (STYLE.md 4): a timeout or a dropped connection may pass, a
 * refused credential or a Chatwoot that rejected the token will not.
 */
import type { Outcome } from "../platform/outcome.js";
import type {
  ActivateRequest,
  ActivateResponse,
  ChatwootFailureBody,
  GatewayJob,
  GatewayJobState,
  IntegrationState,
  JobListQuery,
} from "./bridge.js";

export type BridgeFailure =
  /** Chatwoot failed behind the gateway; `kind` says how. */
  | { type: "chatwoot"; status: number; chatwoot: ChatwootFailureBody; retryable: boolean }
  /** The gateway does not know the integration (get, delete, the job calls). */
  | { type: "not_found"; retryable: false }
  /** No answer within the call's deadline. */
  | { type: "timeout"; timeoutMs: number; retryable: true }
  /** No connection: refused, DNS, reset, dropped before an answer. */
  | { type: "unreachable"; reason: string; retryable: true }
  /** The gateway refused BRIDGE_TOKEN (401/403 without a Chatwoot failure body). */
  | { type: "credentials_refused"; status: number; retryable: false }
  /** Any other error status. */
  | { type: "http"; status: number; detail: string; retryable: boolean }
  /** A success status whose body breaks the contract. */
  | { type: "invalid_answer"; detail: string; retryable: false };

/** The platform's outcome of an outside call, with the gateway's own failures. */
export type BridgeResult<T> = Outcome<T, BridgeFailure>;

/** One line for a log or a `Detail:`; never carries a token (the client strips it). */
export function describeFailure(failure: BridgeFailure): string {
  switch (failure.type) {
    case "chatwoot":
      return `Chatwoot ${failure.chatwoot.kind}: ${failure.chatwoot.detail}`;
    case "not_found":
      return "integration not found at the gateway";
    case "timeout":
      return `no answer within ${failure.timeoutMs} ms`;
    case "unreachable":
      return failure.reason;
    case "credentials_refused":
      return `HTTP ${failure.status}`;
    case "http":
      return failure.detail === ""
        ? `HTTP ${failure.status}`
        : `HTTP ${failure.status}: ${failure.detail}`;
    case "invalid_answer":
      return `invalid answer: ${failure.detail}`;
  }
}

/** What the Chatwoot module needs from the gateway. */
export interface BridgeGateway {
  activate(request: ActivateRequest): Promise<BridgeResult<ActivateResponse>>;
  get(integrationId: string): Promise<BridgeResult<IntegrationState>>;
  /** Deletes the integration; `not_found` when the gateway does not know it. */
  terminate(integrationId: string): Promise<BridgeResult<undefined>>;
  /** The integration's jobs in a state, oldest first; `not_found` for an unknown integration. */
  listJobs(integrationId: string, query: JobListQuery): Promise<BridgeResult<GatewayJob[]>>;
  /**
   * Runs one of the integration's dead jobs again from its first attempt. A job of
   * another integration is `not_found`, exactly like an id that does not exist.
   */
  retryJob(integrationId: string, jobId: number): Promise<BridgeResult<JobRetry>>;
}

/**
 * What a retry did. A job that is missing or not dead is an answer about the job, not a
 * failure of the call: the gateway answered, and trying again would answer the same.
 */
export type JobRetry =
  | { retried: true; job: GatewayJob }
  | { retried: false; reason: "not_found" }
  | { retried: false; reason: "not_dead"; state: GatewayJobState };
