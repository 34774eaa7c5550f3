/**
 * An integration's status reflects failures that are its own: a job refused with 401/403
 * (Chatwoot no longer accepts its token) or refused by the outbound policy (its Chatwoot
 * is an internal address OUTBOUND_ALLOW does not list) puts the integration in `error`
 * with the reason (what `GET /api/chatwoot/list` shows), and the next job that goes
 * through puts it back to `active`. The jobs
 * themselves keep retrying, so nothing is lost while an administrator fixes the token.
 * Only errors set here are cleared here; other reasons (a deleted instance, a refused
 * event stream) belong to their own code.
 */
import type { Clock } from "../../platform/clock.js";
import type { Logger } from "../../platform/logger.js";
import type { ChatwootFailure } from "../chatwoot/chatwoot-failure.js";
import type { IntegrationStore } from "./integration-store.js";

const REFUSED = "Chatwoot refused the integration's API token";
const BLOCKED = "The gateway may not reach Chatwoot";

/**
 * The status text for a failure that is the integration's own (a refused credential, an
 * address the outbound policy refuses), or undefined for one that passes by itself.
 */
export function integrationError(failure: ChatwootFailure): string | undefined {
  if (failure.refused === true) return `${BLOCKED}: ${failure.detail}`;
  const status = failure.status === undefined ? "" : ` (HTTP ${failure.status})`;
  if (failure.kind === "unauthorized")
    return `${REFUSED}${status} — set the integration again with a valid chatwootApiToken. Detail: ${failure.detail}`;
  if (failure.kind === "forbidden")
    return `${REFUSED}${status} for this account — the token's user must be an administrator of the Chatwoot account. Detail: ${failure.detail}`;
  return undefined;
}

export class IntegrationHealth {
  /** What this process last wrote or read per integration: the error shown, or "" for none. */
  private readonly shown = new Map<string, string>();

  constructor(
    private readonly store: IntegrationStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** A job of the integration settled: `error` when it failed for the integration's reason. */
  async report(integrationId: string, error: string | undefined): Promise<void> {
    try {
      const at = new Date(this.clock.now()).toISOString();
      if (error !== undefined) {
        // Rare (a refused job retries with backoff): always written, so a status reset
        // by activating again meanwhile shows the refusal again.
        await this.store.setStatus(integrationId, "error", error, at);
        if (this.shown.get(integrationId) !== error)
          this.logger.warn(
            { integrationId, error },
            "the integration's Chatwoot calls are refused",
          );
        this.shown.set(integrationId, error);
        return;
      }
      const shown = this.shown.get(integrationId) ?? (await this.read(integrationId));
      if (shown === "" || shown === undefined) return;
      await this.store.setStatus(integrationId, "active", "", at);
      this.shown.set(integrationId, "");
      this.logger.info({ integrationId }, "the integration's Chatwoot calls go through again");
    } catch (failure) {
      this.logger.warn(
        { err: failure, integrationId },
        "could not record the integration's status",
      );
    }
  }

  private async read(integrationId: string): Promise<string | undefined> {
    const integration = await this.store.get(integrationId);
    if (integration === undefined) return undefined;
    const shown =
      integration.status === "error" &&
      (integration.lastError.startsWith(REFUSED) || integration.lastError.startsWith(BLOCKED))
        ? integration.lastError
        : "";
    this.shown.set(integrationId, shown);
    return shown;
  }
}
