/** An integration as the gateway works with it: secrets opened, flags as booleans. */
import type { IntegrationStatus } from "../../contracts/bridge.js";

export interface Integration {
  id: string;
  instanceId: string;
  instanceName: string;
  chatwoot: { baseUrl: string; accountId: number; token: string };
  inboxId: number;
  inboxName: string;
  /** `<base URL>#<account>#<inbox>`: every Chatwoot id is stored under it. */
  inboxScope: string;
  webhookSecret: string;
  /** The inbox's signing secret; null on a Chatwoot that does not sign (the path secret alone). */
  signingSecret: string | null;
  flags: {
    signMessages: boolean;
    ignoreGroups: boolean;
    startAsPending: boolean;
    reopenResolved: boolean;
  };
  status: IntegrationStatus;
  lastError: string;
  streamSeq: number | null;
  reconciledUntil: number;
  activatedAt: string;
  updatedAt: string;
}

export function inboxScopeOf(baseUrl: string, accountId: number, inboxId: number): string {
  return `${baseUrl}#${accountId}#${inboxId}`;
}
