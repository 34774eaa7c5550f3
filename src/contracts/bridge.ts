/**
 * The integration gateway's ("bridge") HTTP API as the API calls it: spec/bridge.md,
 * "API → bridge". Both sides build on these schemas: the API validates what it sends and
 * what it gets back; the bridge validates what it receives and answers these shapes.
 *
 * Every call carries `Authorization: Bearer <BRIDGE_TOKEN>`. Request fields are
 * camelCase, like the public `POST /api/chatwoot/set` body they come from; answers are
 * snake_case, like the `chatwoot_integrations` row and the list response they feed.
 *
 * | call                                | API timeout | success                      |
 * |-------------------------------------|-------------|------------------------------|
 * | `POST /v1/integrations/activate`    | 60 s        | 201 {@link ActivateResponse} |
 * | `GET /v1/integrations/:id`          | 10 s        | 200 {@link IntegrationState} |
 * | `DELETE /v1/integrations/:id`       | 30 s        | 200 or 204, empty body       |
 *
 * Failures:
 * - Chatwoot failed (activate, or any call that had to reach Chatwoot): a 4xx/5xx with a
 *   {@link ChatwootFailureBody}. The API reads `kind`, not the HTTP status, to build its
 *   documented messages; {@link CHATWOOT_FAILURE_STATUS} gives the status to use.
 * - The gateway's own failures (bad BRIDGE_TOKEN → 401, a request that breaks this
 *   contract → 400, unknown integration id → 404, anything else → 500) answer a
 *   {@link GatewayErrorBody}, never a body with `kind`, so that they can never be
 *   mistaken for an answer of Chatwoot.
 */
import { z } from "zod";

export const BRIDGE_ACTIVATE_PATH = "/v1/integrations/activate";

/** `/v1/integrations/:id`; ids are path-safe by {@link integrationIdSchema}. */
export function bridgeIntegrationPath(integrationId: string): string {
  return `/v1/integrations/${encodeURIComponent(integrationId)}`;
}

/** The gateway's id of an integration, e.g. `int_xyz789abc`; safe in a URL path. */
export const integrationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, "1 to 128 letters, digits, '_' or '-'");

/** `active` (events flow), `paused` (kept, not flowing), `error` (see `last_error`). */
export const INTEGRATION_STATUSES = ["active", "paused", "error"] as const;
export const integrationStatusSchema = z.enum(INTEGRATION_STATUSES);
export type IntegrationStatus = z.infer<typeof integrationStatusSchema>;

/**
 * `POST /v1/integrations/activate`. Creates the integration, or, with
 * `existingIntegrationId`, updates that one in place (Decision 5): same id, the new
 * credentials and flags applied, the inbox kept (renamed when `inboxName` changed) unless
 * `chatwootBaseUrl` or `chatwootAccountId` changed, in which case a new inbox is created
 * there. An `existingIntegrationId` the gateway does not know is treated as a new
 * activation (the answer then carries a new `integration_id`, which the API stores).
 *
 * The gateway keeps at most one integration per `instanceId`. An activate for an
 * instance it already has an integration for updates that one and answers its id, with
 * or without `existingIntegrationId`: a retry after the API timed out (while the gateway
 * had finished), or two API processes activating at once, can never leave a second,
 * unreachable integration feeding the same number into another inbox.
 *
 * The gateway acts for the instance with BRIDGE_TOKEN as a service credential, naming the
 * instance by `instanceId` wherever the API's paths take `:instance` (the public send
 * endpoints and `/ws/chatwoot/:instance`); the instance's own token is never sent.
 */
export const activateRequestSchema = z.object({
  /** The instance's global id (instance names are unique only within an account). */
  instanceId: z.string().min(1),
  /** The instance's name, for display and logs. */
  instanceName: z.string().min(1),
  /** An http(s) URL without a trailing `/`. */
  chatwootBaseUrl: z
    .url({ protocol: /^https?$/ })
    .refine((url) => !url.endsWith("/"), "must not end with '/'"),
  chatwootAccountId: z.number().int().positive(),
  /** The Chatwoot user's `api_access_token` (needs admin scope on the account). */
  chatwootApiToken: z.string().min(1),
  inboxName: z.string().min(1),
  /** Prefix agent messages with `*<Agent Name>*:` on WhatsApp. */
  signMessages: z.boolean(),
  /** Do not route group chats to Chatwoot. */
  ignoreGroups: z.boolean(),
  /** New conversations start as `pending` instead of `open`. */
  startAsPending: z.boolean(),
  /** A new message on a `resolved` conversation reopens it instead of starting another. */
  reopenResolved: z.boolean(),
  /** Present when the instance already has an integration: update it, do not add one. */
  existingIntegrationId: integrationIdSchema.optional(),
  /**
   * The instance's last event sequence when the activation was asked for (ponte's
   * extension): a new integration relays every event after it, so a message that
   * arrives while the gateway is still opening its stream is not missed.
   */
  streamAfter: z.number().int().nonnegative().optional(),
});
export type ActivateRequest = z.infer<typeof activateRequestSchema>;

/** 201 answer of activate (an update answers 201 too; the API also accepts 200). */
export const activateResponseSchema = z.object({
  integration_id: integrationIdSchema,
  status: integrationStatusSchema,
  /** The Chatwoot inbox id; 0 when the gateway does not know it yet (backfilled by get). */
  inbox_id: z.number().int().nonnegative(),
  inbox_name: z.string(),
});
export type ActivateResponse = z.infer<typeof activateResponseSchema>;

/** 200 answer of `GET /v1/integrations/:id` (404 when unknown). Extra fields are allowed. */
export const integrationStateSchema = z.looseObject({
  integration_id: integrationIdSchema,
  status: integrationStatusSchema,
  /** The last error of the integration; `""` when healthy. */
  last_error: z.string(),
  inbox_id: z.number().int().nonnegative(),
  inbox_name: z.string(),
});
export type IntegrationState = z.infer<typeof integrationStateSchema>;

/**
 * What went wrong with Chatwoot:
 * - `not_found`: Chatwoot answered 404 (wrong account id or base URL path), or the base
 *   URL answered something that is not Chatwoot;
 * - `invalid`: Chatwoot answered 422 (it rejected the payload, e.g. the inbox name);
 * - `unauthorized`: Chatwoot answered 401 (bad `api_access_token`);
 * - `forbidden`: Chatwoot answered 403 (the token lacks admin scope on the account);
 * - `unreachable`: no answer at all (DNS, refused, TLS, reset);
 * - `timeout`: Chatwoot did not answer within the gateway's own deadline.
 */
export const CHATWOOT_FAILURE_KINDS = [
  "not_found",
  "invalid",
  "unauthorized",
  "forbidden",
  "unreachable",
  "timeout",
] as const;
export const chatwootFailureKindSchema = z.enum(CHATWOOT_FAILURE_KINDS);
export type ChatwootFailureKind = z.infer<typeof chatwootFailureKindSchema>;

/** The error body of a Chatwoot failure. */
export const chatwootFailureBodySchema = z.object({
  kind: chatwootFailureKindSchema,
  /** Chatwoot's own text (its error body), or the network error for unreachable/timeout. */
  detail: z.string(),
  /** The HTTP status Chatwoot answered, when it answered at all. */
  chatwoot_status: z.number().int().optional(),
});
export type ChatwootFailureBody = z.infer<typeof chatwootFailureBodySchema>;

/**
 * The HTTP status the gateway answers with each kind of Chatwoot failure. Chatwoot's
 * 401/403/404 travel as 422 because those statuses belong to the gateway itself (a bad
 * BRIDGE_TOKEN, an unknown integration id); the body's `kind` says what Chatwoot did.
 */
export const CHATWOOT_FAILURE_STATUS: Record<ChatwootFailureKind, number> = {
  not_found: 422,
  invalid: 422,
  unauthorized: 422,
  forbidden: 422,
  unreachable: 502,
  timeout: 504,
};

/** The error body of the gateway's own failures (no `kind`). */
export const gatewayErrorBodySchema = z.object({ error: z.string() });
export type GatewayErrorBody = z.infer<typeof gatewayErrorBodySchema>;

/** The value of the `Authorization` header on every call. */
export function bridgeAuthorization(bridgeToken: string): string {
  return `Bearer ${bridgeToken}`;
}

/**
 * The dead letters of an integration, for the people who run it (ponte's extension of
 * the contract): the API's Chatwoot module lists them and retries one for the instance's
 * own TokenInstance or TokenAccount, so the browser never holds BRIDGE_TOKEN.
 *
 * | call                                          | success                          |
 * |-----------------------------------------------|----------------------------------|
 * | `GET /v1/integrations/:id/jobs?state&limit`   | 200 {@link JobListResponse}      |
 * | `POST /v1/integrations/:id/jobs/:job/retry`   | 200 {@link GatewayJob} (pending) |
 *
 * An unknown integration is a 404 {@link GatewayErrorBody} ({@link INTEGRATION_NOT_FOUND});
 * a job that is not the integration's (another integration's id included) is a 404
 * {@link JOB_NOT_FOUND}, never a retry across integrations; a job that is not dead is a
 * 409 {@link JobConflictBody}. A query that breaks {@link jobListQuerySchema} is a 400.
 */
export const JOB_STATES = ["pending", "running", "done", "dead", "cancelled"] as const;
export const jobStateSchema = z.enum(JOB_STATES);
export type GatewayJobState = z.infer<typeof jobStateSchema>;

export const INTEGRATION_NOT_FOUND = "integration not found";
export const JOB_NOT_FOUND = "job not found";
/** The most jobs one list answers. */
export const JOB_LIST_MAX = 500;

/** `/v1/integrations/:id/jobs`. */
export function bridgeJobsPath(integrationId: string): string {
  return `${bridgeIntegrationPath(integrationId)}/jobs`;
}

/** `/v1/integrations/:id/jobs/:job/retry`. */
export function bridgeJobRetryPath(integrationId: string, jobId: number): string {
  return `${bridgeJobsPath(integrationId)}/${jobId}/retry`;
}

/** The list's query: a state (default `dead`) and how many, oldest first. */
export const jobListQuerySchema = z.object({
  state: jobStateSchema.default("dead"),
  limit: z.coerce.number().int().min(1).max(JOB_LIST_MAX).default(100),
});
export type JobListQuery = z.infer<typeof jobListQuerySchema>;

/** Job ids are PostgreSQL `integer`s: a larger number names no job (and must not reach SQL). */
export const JOB_ID_MAX = 2_147_483_647;

/** A job id: a positive integer of the column's range. */
export const jobIdSchema = z.number().int().positive().max(JOB_ID_MAX);

/** A job id from a path segment: digits only (`1e3`, ` 7`, `0x1` name no job), in range. */
export function parseJobId(segment: string): number | undefined {
  if (!/^[1-9][0-9]{0,9}$/.test(segment)) return undefined;
  const id = Number(segment);
  return id <= JOB_ID_MAX ? id : undefined;
}

/**
 * One job as an operator sees it. `subject` says what the job is about (a WhatsApp or
 * Chatwoot message id and its chat), never the message's content, a token or a secret.
 */
export const gatewayJobSchema = z.object({
  id: jobIdSchema,
  kind: z.string(),
  state: jobStateSchema,
  /** Attempts spent (0 again after a retry). */
  attempts: z.number().int().nonnegative(),
  /** What the last attempt met; `""` before any failure. */
  last_error: z.string(),
  subject: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type GatewayJob = z.infer<typeof gatewayJobSchema>;

export const jobListResponseSchema = z.object({ jobs: z.array(gatewayJobSchema) });
export type JobListResponse = z.infer<typeof jobListResponseSchema>;

/** 409 of a retry: the job is in `state`, not dead. */
export const jobConflictBodySchema = z.object({ error: z.string(), state: jobStateSchema });
export type JobConflictBody = z.infer<typeof jobConflictBodySchema>;
