/** The Chatwoot integration of an instance, as the service sees it, and its public view. */
import type { IntegrationStatus } from "../../contracts/bridge.js";
import type { IntegrationView } from "./chatwoot-schemas.js";

export interface IntegrationFlags {
  signMessages: boolean;
  ignoreGroups: boolean;
  startAsPending: boolean;
  reopenResolved: boolean;
}

export interface IntegrationRecord extends IntegrationFlags {
  id: string;
  instanceId: string;
  bridgeIntegrationId: string;
  chatwootBaseUrl: string;
  chatwootAccountId: number;
  /** Plaintext in memory only; sealed in the row. */
  chatwootApiToken: string;
  inboxId: number;
  inboxName: string;
  status: IntegrationStatus;
  lastError: string;
  createdAt: string;
  updatedAt: string;
}

/** What the instance list shows of the integration (local data, no gateway call). */
export interface IntegrationSummary {
  enabled: boolean;
  status: IntegrationStatus | null;
  inboxId: number | null;
  inboxName: string | null;
}

export const NO_SUMMARY: IntegrationSummary = {
  enabled: false,
  status: null,
  inboxId: null,
  inboxName: null,
};

/** The live values of the gateway that overwrite the local ones in a list answer. */
export interface LiveState {
  status: IntegrationStatus;
  lastError: string;
  inboxId: number;
}

/** RFC 3339 in whole seconds, as the docs show it (`2026-04-20T10:15:30Z`). */
export function rfc3339(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The list answer: the row, with the live values when the gateway gave them. */
export function toView(
  instanceName: string,
  record: IntegrationRecord,
  live?: LiveState,
): IntegrationView {
  return {
    instance_name: instanceName,
    status: live?.status ?? record.status,
    bridge_integration_id: record.bridgeIntegrationId,
    chatwoot_base_url: record.chatwootBaseUrl,
    chatwoot_account_id: record.chatwootAccountId,
    chatwoot_inbox_id: record.inboxId === 0 && live !== undefined ? live.inboxId : record.inboxId,
    chatwoot_inbox_name: record.inboxName,
    last_error: live?.lastError ?? record.lastError,
    created_at: rfc3339(record.createdAt),
    chatwoot_api_token: record.chatwootApiToken,
    sign_messages: record.signMessages,
    ignore_groups: record.ignoreGroups,
    start_as_pending: record.startAsPending,
    reopen_resolved: record.reopenResolved,
  };
}
