/**
 * The rules of the Chatwoot tab's dead-letter list: what a job kind is called, how the
 * module's answers (docs/chatwoot-module.md, "Gateway jobs") become an explanation in
 * the reader's language, and when a job last ran, in the reader's own calendar.
 */

/** The gateway's job kinds (src/bridge/inbound/event-router.ts) the page names in words. */
export type KnownJobKind = "wa.message" | "wa.receipt" | "cw.message";
const KNOWN_KINDS: readonly string[] = ["wa.message", "wa.receipt", "cw.message"];

export function knownJobKind(kind: string): KnownJobKind | undefined {
  return KNOWN_KINDS.includes(kind) ? (kind as KnownJobKind) : undefined;
}

export type JobsErrorKind =
  | "network"
  | "not_configured"
  | "no_integration"
  | "unknown_integration"
  | "job_not_found"
  | "not_dead"
  | "gateway_timeout"
  | "gateway_unreachable"
  | "gateway_credentials"
  | "gateway_failed"
  | "other";

/** The module's texts, by how they begin. */
const PREFIXES: [string, JobsErrorKind][] = [
  ["integration gateway not configured", "not_configured"],
  ["no chatwoot integration for this instance", "no_integration"],
  ["the integration gateway does not know this integration", "unknown_integration"],
  ["job not found", "job_not_found"],
  ["integration gateway did not answer in time", "gateway_timeout"],
  ["integration gateway is unreachable", "gateway_unreachable"],
  ["integration gateway refused", "gateway_credentials"],
  ["integration gateway failed", "gateway_failed"],
];

/** Which explanation an answer gets; `status` 0 is a server that could not be reached. */
export function classifyJobsError(status: number, message: string): JobsErrorKind {
  if (status === 0) return "network";
  if (status === 409 && / is \w+, not dead$/.test(message)) return "not_dead";
  return PREFIXES.find(([prefix]) => message.startsWith(prefix))?.[1] ?? "other";
}

/** A job's time as a date and time of the reader's locale; the text as given if unreadable. */
export function formatWhen(iso: string, locale: string, timeZone?: string): string {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return iso;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "medium",
    ...(timeZone === undefined ? {} : { timeZone }),
  }).format(time);
}
