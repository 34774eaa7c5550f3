import { describe, expect, it } from "vitest";
import type { BridgeFailure } from "../../contracts/bridge-gateway.js";
import { activationError } from "./chatwoot-errors.js";

const target = { chatwootBaseUrl: "https://cw.example.com", chatwootAccountId: 7 };
const chatwoot = (
  kind: "not_found" | "invalid" | "unauthorized" | "forbidden" | "unreachable" | "timeout",
): BridgeFailure => ({
  type: "chatwoot",
  status: 422,
  chatwoot: { kind, detail: "raw text" },
  retryable: kind === "unreachable" || kind === "timeout",
});

const table: [string, BridgeFailure, number, string][] = [
  [
    "Chatwoot not found",
    chatwoot("not_found"),
    400,
    "Chatwoot account or endpoint not found — verify chatwootBaseUrl (https://cw.example.com) and chatwootAccountId (7). Detail: raw text",
  ],
  [
    "Chatwoot invalid",
    chatwoot("invalid"),
    400,
    "Chatwoot rejected the request as invalid — verify inboxName and the other fields. Detail: raw text",
  ],
  [
    "Chatwoot unauthorized",
    chatwoot("unauthorized"),
    401,
    "Chatwoot rejected the API token — verify chatwootApiToken. Detail: raw text",
  ],
  [
    "Chatwoot forbidden",
    chatwoot("forbidden"),
    403,
    "Chatwoot denied the request — verify the API token has admin scope on account 7. Detail: raw text",
  ],
  [
    "Chatwoot unreachable",
    chatwoot("unreachable"),
    502,
    "Chatwoot is unreachable — verify chatwootBaseUrl (https://cw.example.com) and that the integration gateway can reach it. Detail: raw text",
  ],
  [
    "Chatwoot timeout",
    chatwoot("timeout"),
    504,
    "Chatwoot did not answer in time — verify chatwootBaseUrl (https://cw.example.com) and try again. Detail: raw text",
  ],
  [
    "gateway timeout",
    { type: "timeout", timeoutMs: 60000, retryable: true },
    504,
    "integration gateway did not answer in time — try again. Detail: no answer within 60000 ms",
  ],
  [
    "gateway unreachable",
    { type: "unreachable", reason: "ECONNREFUSED", retryable: true },
    502,
    "integration gateway is unreachable — try again later. Detail: ECONNREFUSED",
  ],
  [
    "gateway refusing BRIDGE_TOKEN",
    { type: "credentials_refused", status: 403, retryable: false },
    502,
    "integration gateway refused the server's credentials — the server operator must verify BRIDGE_TOKEN. Detail: HTTP 403",
  ],
  [
    "gateway error status",
    { type: "http", status: 503, detail: "maintenance", retryable: true },
    502,
    "integration gateway failed — try again later. Detail: HTTP 503: maintenance",
  ],
  [
    "gateway error status without a body",
    { type: "http", status: 500, detail: "", retryable: true },
    502,
    "integration gateway failed — try again later. Detail: HTTP 500",
  ],
  [
    "gateway answer that breaks the contract",
    { type: "invalid_answer", detail: "integration_id: required", retryable: false },
    502,
    "integration gateway failed — try again later. Detail: invalid answer: integration_id: required",
  ],
  [
    "gateway 404 on activate",
    { type: "not_found", retryable: false },
    502,
    "integration gateway failed — try again later. Detail: integration not found at the gateway",
  ],
];

describe("activationError", () => {
  it.each(table)("%s", (_title, failure, status, message) => {
    const error = activationError(failure, target);
    expect(error.status).toBe(status);
    expect(error.message).toBe(message);
  });
});
