/**
 * Literal 400s for missing fields. RyzeAPI answers a missing required field with its own
 * sentence (`Number is required`, `Tag name is required`), not with a validation report;
 * the schema still says the rule: a field built with `required(…)` carries its literal
 * message, marked, and a route whose `invalidBody` is `literalInvalidBody` answers the
 * first such message alone, whatever else is wrong. Any other problem answers
 * `Invalid request body: <field>: <problem>` as everywhere else.
 */
import { z } from "zod";
import { INVALID_REQUEST_BODY } from "./server.js";

const MARK = "\u00a7literal:";

/** The marked message for a zod issue (use with `{ error: literal("…") }`). */
export function literal(message: string): string {
  return `${MARK}${message}`;
}

/** An error map: the literal message when the field is absent, zod's own otherwise. */
export function whenMissing(message: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined || issue.input === null ? literal(message) : undefined;
}

/** A required, non-blank string whose absence answers `message` exactly. */
export function required(message: string) {
  return z
    .string({ error: whenMissing(message) })
    .trim()
    .min(1, { error: literal(message) });
}

/** A required number whose absence answers `message` exactly. */
export function requiredNumber(message: string) {
  return z.number({ error: whenMissing(message) });
}

/** The route's `invalidBody`: the first literal message, else the usual report. */
export function literalInvalidBody(detail: string): string {
  if (detail === "malformed JSON") return INVALID_REQUEST_BODY;
  const at = detail.indexOf(MARK);
  if (at !== -1) {
    const rest = detail.slice(at + MARK.length);
    const end = rest.indexOf("; ");
    return end === -1 ? rest : rest.slice(0, end);
  }
  return `${INVALID_REQUEST_BODY}: ${detail}`;
}

/** Route config for body routes with literal messages. */
export const literalBody = { invalidBody: literalInvalidBody };
