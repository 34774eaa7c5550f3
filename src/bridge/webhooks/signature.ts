/**
 * Verifying that a webhook comes from Chatwoot: the per-integration secret in the URL's
 * path (every Chatwoot), and, where the inbox has a signing secret (Chatwoot ≥ 4.13),
 * `X-Chatwoot-Signature: sha256=HMAC(secret, "<timestamp>.<raw body>")` with a
 * timestamp no more than five minutes away. Comparisons take constant time.
 */
import { createHmac } from "node:crypto";
import { fixedLengthEqual } from "../../platform/crypto.js";

export const MAX_SKEW_MS = 5 * 60_000;

export type SignatureCheck = "ok" | "missing" | "stale" | "mismatch";

export function checkSignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: Buffer,
  now: number,
): SignatureCheck {
  const { timestamp, signature } = headers;
  if (timestamp === undefined || signature === undefined) return "missing";
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(now - seconds * 1000) > MAX_SKEW_MS) return "stale";
  const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex")}`;
  return fixedLengthEqual(signature.trim(), expected) ? "ok" : "mismatch";
}
