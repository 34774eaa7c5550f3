/**
 * The Chatwoot module's part in the instance lifecycle: the inline `chatwoot*` block of
 * `POST /api/instance/new` (spec/ryzeapi.md 7.6), the summary in the instance list, and
 * termination before an instance is deleted (Decision 6).
 */
import { AppError } from "../../platform/errors.js";
import type { InstanceModule, ModuleSummary } from "../instances/extensions.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import type { CreateInstanceBody } from "../instances/instance-schemas.js";
import { GATEWAY_NOT_CONFIGURED } from "./chatwoot-errors.js";
import { NO_SUMMARY } from "./chatwoot-model.js";
import { invalidBody, parseInline } from "./chatwoot-schemas.js";
import type { ChatwootService } from "./chatwoot-service.js";

export function chatwootInstanceModule(service: ChatwootService): InstanceModule {
  return {
    key: "chatwoot",
    applyInline: (instance, body) => applyInline(service, instance, body),
    summary: async (instance): Promise<ModuleSummary> => ({ ...(await service.summary(instance)) }),
    emptySummary: { ...NO_SUMMARY },
    summaries: async (accountId) => {
      const summaries = await service.summaries(accountId);
      return new Map([...summaries].map(([id, summary]) => [id, { ...summary }]));
    },
    beforeDelete: (instance) => service.forget(instance),
  };
}

/**
 * The instance exists whatever happens here: a failure is reported in the block, with
 * the message `POST /api/chatwoot/set` would give for the same input.
 */
async function applyInline(
  service: ChatwootService,
  instance: InstanceRecord,
  body: CreateInstanceBody,
): Promise<Record<string, unknown> | undefined> {
  if (body.chatwootEnabled !== true) return undefined;
  if (!service.enabled) return failed(GATEWAY_NOT_CONFIGURED);
  const parsed = parseInline(body);
  if (!parsed.ok) return failed(invalidBody(parsed.detail));
  try {
    const activation = await service.activate(instance, parsed.body);
    return {
      enabled: true,
      status: activation.status,
      bridge_integration_id: activation.bridgeIntegrationId,
      inboxId: activation.inboxId,
      inboxName: activation.inboxName,
      error: null,
    };
  } catch (error) {
    if (error instanceof AppError) return failed(error.message);
    throw error;
  }
}

/** The same keys as a success, so a client reads one shape whatever happened. */
function failed(message: string): Record<string, unknown> {
  return {
    enabled: false,
    status: "error",
    bridge_integration_id: null,
    inboxId: null,
    inboxName: null,
    error: message,
  };
}
