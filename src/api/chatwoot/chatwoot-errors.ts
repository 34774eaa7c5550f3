/**
 * The Chatwoot module's literal messages (spec/ryzeapi.md 7.3–7.5, Variant B) and the
 * mapping of a failed activation to one of them. Chatwoot-originated failures keep the
 * documented texts and their em dash; the ones the docs could not show (an unreachable
 * Chatwoot, the gateway itself failing or timing out) follow the same pattern: what
 * happened — what to check. Detail: the raw cause. docs/chatwoot-module.md lists them.
 */
import type { ChatwootFailureKind } from "../../contracts/bridge.js";
import { AppError } from "../../platform/errors.js";
import { describeFailure, type BridgeFailure } from "../../contracts/bridge-gateway.js";

export const GATEWAY_NOT_CONFIGURED = "integration gateway not configured";
export const INSTANCE_NOT_FOUND = "instance not found";
export const NO_INTEGRATION = "no chatwoot integration for this instance";
export const NO_INTEGRATION_TO_DELETE = "no chatwoot integration to delete";
/** `last_error` in a list answer when the gateway answers 404 for the stored integration. */
export const UNKNOWN_AT_GATEWAY =
  "the integration gateway does not know this integration — call POST /api/chatwoot/set/:instance to activate it again";
export const ACTIVATED = "chatwoot integration activated";
export const DEACTIVATED = "chatwoot integration deactivated";

/** What the caller asked for, quoted back in the messages so they can check it. */
export interface ActivationTarget {
  chatwootBaseUrl: string;
  chatwootAccountId: number;
}

/** The AppError a failed activation answers with (set, and inline at instance creation). */
export function activationError(failure: BridgeFailure, target: ActivationTarget): AppError {
  const detail = describeFailure(failure);
  switch (failure.type) {
    case "chatwoot":
      return chatwootError(failure.chatwoot.kind, failure.chatwoot.detail, target);
    case "timeout":
      return new AppError(
        504,
        `integration gateway did not answer in time — try again. Detail: ${detail}`,
      );
    case "unreachable":
      return new AppError(
        502,
        `integration gateway is unreachable — try again later. Detail: ${detail}`,
      );
    case "credentials_refused":
      return new AppError(
        502,
        `integration gateway refused the server's credentials — the server operator must verify BRIDGE_TOKEN. Detail: ${detail}`,
      );
    case "not_found":
    case "http":
    case "invalid_answer":
      return new AppError(502, `integration gateway failed — try again later. Detail: ${detail}`);
  }
}

function chatwootError(
  kind: ChatwootFailureKind,
  detail: string,
  target: ActivationTarget,
): AppError {
  const { chatwootBaseUrl: url, chatwootAccountId: account } = target;
  switch (kind) {
    case "not_found":
      return new AppError(
        400,
        `Chatwoot account or endpoint not found — verify chatwootBaseUrl (${url}) and chatwootAccountId (${account}). Detail: ${detail}`,
      );
    case "invalid":
      return new AppError(
        400,
        `Chatwoot rejected the request as invalid — verify inboxName and the other fields. Detail: ${detail}`,
      );
    case "unauthorized":
      return new AppError(
        401,
        `Chatwoot rejected the API token — verify chatwootApiToken. Detail: ${detail}`,
      );
    case "forbidden":
      return new AppError(
        403,
        `Chatwoot denied the request — verify the API token has admin scope on account ${account}. Detail: ${detail}`,
      );
    case "unreachable":
      return new AppError(
        502,
        `Chatwoot is unreachable — verify chatwootBaseUrl (${url}) and that the integration gateway can reach it. Detail: ${detail}`,
      );
    case "timeout":
      return new AppError(
        504,
        `Chatwoot did not answer in time — verify chatwootBaseUrl (${url}) and try again. Detail: ${detail}`,
      );
  }
}
