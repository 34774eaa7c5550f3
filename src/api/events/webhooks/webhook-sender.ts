/**
 * One HTTP delivery to a webhook target. The outcome says whether trying again can help
 * (STYLE.md 4): network errors, timeouts, 408, 429 and 5xx can; other answers cannot.
 */
import { classifyFetchError, retryableStatus, type Outcome } from "../../../platform/outcome.js";
import { fetch, type Dispatcher, type Response } from "undici";
import { OutboundRefusedError } from "../../../platform/net/outbound-guard.js";
import { parseRetryAfter } from "../../../platform/retry.js";

export type SendOutcome =
  | Outcome<{ status: number }>
  /** The process is stopping: the attempt does not count. */
  | { stopped: true };

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
  let response: Response;
  try {
    response = await fetch(delivery.url, {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
      redirect: "manual",
      signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]),
      dispatcher,
    });
  } catch (error) {
    if (stop.aborted) return { stopped: true };
    // A target the guard refuses stays refused: retrying cannot help.
    const cause = error instanceof Error ? error.cause : undefined;
    if (cause instanceof OutboundRefusedError) {
      return {
        ok: false,
        failure: { kind: "refused", retryable: false, detail: cause.as("webhook url").message },
      };
    }
    return { ok: false, failure: classifyFetchError(error, timeoutMs) };
  }
  // The body is not needed; cancelling it frees the connection.
  await response.body?.cancel().catch(() => undefined);
  const status = response.status;
  if (status >= 200 && status < 300) return { ok: true, value: { status } };
  return {
    ok: false,
    failure: {
      kind: "status",
      retryable: retryableStatus(status),
      status,
      detail: `target answered HTTP ${status}`,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), now()),
    },
  };
}
