/**
 * One HTTP delivery to a webhook target. The result says whether trying again can help
 * (STYLE.md 4): network errors, timeouts, 408, 429 and 5xx can; other answers cannot.
 */
import { fetch, type Dispatcher, type Response } from "undici";
import { describeError } from "../../../platform/errors.js";
import { OutboundRefusedError } from "../../../platform/net/outbound-guard.js";
import { parseRetryAfter } from "../../../platform/retry.js";

export type SendOutcome =
  | { ok: true; status: number }
  | {
      ok: false;
      retryable: boolean;
      status: number | null;
      error: string;
      retryAfterMs?: number | undefined;
    }
  /** The process is stopping: the attempt does not count. */
  | { ok: false; stopped: true };

export interface OutgoingDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export async function sendDelivery(
  delivery: OutgoingDelivery,
  timeoutMs: number,
  stop: AbortSignal,
  now: () => number,
  dispatcher: Dispatcher,
): Promise<SendOutcome> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(delivery.url, {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
      redirect: "manual",
      signal: AbortSignal.any([timeout, stop]),
      dispatcher,
    });
  } catch (error) {
    if (stop.aborted) return { ok: false, stopped: true };
    // A target the guard refuses stays refused: retrying cannot help.
    const cause = error instanceof Error ? error.cause : undefined;
    if (cause instanceof OutboundRefusedError)
      return { ok: false, retryable: false, status: null, error: cause.as("webhook url").message };
    const reason = timeout.aborted ? `timed out after ${timeoutMs} ms` : networkReason(error);
    return { ok: false, retryable: true, status: null, error: reason };
  }
  // The body is not needed; cancelling it frees the connection.
  await response.body?.cancel().catch(() => undefined);
  const status = response.status;
  if (status >= 200 && status < 300) return { ok: true, status };
  const retryable = status === 408 || status === 429 || status >= 500;
  return {
    ok: false,
    retryable,
    status,
    error: `target answered HTTP ${status}`,
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), now()),
  };
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  return cause === undefined ? describeError(error) : `${describeError(error)}: ${cause.message}`;
}
