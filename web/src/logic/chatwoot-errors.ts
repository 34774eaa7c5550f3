/**
 * Turns the Chatwoot module's documented error texts (docs/chatwoot-module.md) into
 * what the activation form shows: which fields they concern and a kind that the page
 * explains in the reader's language (the server's own text is shown beside it).
 */

export const CHATWOOT_FIELDS = [
  "chatwootBaseUrl",
  "chatwootAccountId",
  "chatwootApiToken",
  "inboxName",
] as const;
export type ChatwootField = (typeof CHATWOOT_FIELDS)[number];

export type ChatwootErrorKind =
  | "invalid_body"
  | "not_found"
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "unreachable"
  | "timeout"
  | "gateway_timeout"
  | "gateway_unreachable"
  | "gateway_credentials"
  | "gateway_failed"
  | "not_configured"
  | "other";

export interface ChatwootError {
  kind: ChatwootErrorKind;
  /** The fields the error is about, the first being where it is shown. */
  fields: ChatwootField[];
  /** Per-field problems of an `invalid body:` answer. */
  problems: Partial<Record<ChatwootField, string>>;
  message: string;
}

const PREFIXES: [string, ChatwootErrorKind][] = [
  ["Chatwoot account or endpoint not found", "not_found"],
  ["Chatwoot rejected the request as invalid", "invalid"],
  ["Chatwoot rejected the API token", "unauthorized"],
  ["Chatwoot denied the request", "forbidden"],
  ["Chatwoot is unreachable", "unreachable"],
  ["Chatwoot did not answer in time", "timeout"],
  ["integration gateway did not answer in time", "gateway_timeout"],
  ["integration gateway is unreachable", "gateway_unreachable"],
  ["integration gateway refused", "gateway_credentials"],
  ["integration gateway failed", "gateway_failed"],
  ["integration gateway not configured", "not_configured"],
];

/** Where an error points when its text names no field. */
const DEFAULT_FIELDS: Partial<Record<ChatwootErrorKind, ChatwootField[]>> = {
  forbidden: ["chatwootApiToken", "chatwootAccountId"],
  unauthorized: ["chatwootApiToken"],
  invalid: ["inboxName"],
};

export function classifyChatwootError(message: string): ChatwootError {
  if (message.startsWith("invalid body:")) return invalidBody(message);
  const kind = PREFIXES.find(([prefix]) => message.startsWith(prefix))?.[1] ?? "other";
  // The part before "Detail:" names the fields to verify; the detail is Chatwoot's text.
  const advice = message.split(" Detail:")[0] ?? message;
  const named = CHATWOOT_FIELDS.filter((field) => advice.includes(field));
  const fields = kind.startsWith("gateway") || kind === "not_configured" ? [] : named;
  return {
    kind,
    fields: fields.length > 0 ? fields : (DEFAULT_FIELDS[kind] ?? []),
    problems: {},
    message,
  };
}

function invalidBody(message: string): ChatwootError {
  const problems: Partial<Record<ChatwootField, string>> = {};
  for (const part of message.slice("invalid body:".length).split(";")) {
    const [field, ...rest] = part.split(":");
    const name = field?.trim();
    const known = CHATWOOT_FIELDS.find((f) => f === name);
    if (known !== undefined && problems[known] === undefined) {
      problems[known] = rest.join(":").trim();
    }
  }
  return {
    kind: "invalid_body",
    fields: CHATWOOT_FIELDS.filter((field) => problems[field] !== undefined),
    problems,
    message,
  };
}
