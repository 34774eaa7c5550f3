/**
 * One HTTP delivery to a webhook target. The outcome says whether trying again can help
 * (STYLE.md 4): network errors, timeouts, 408, 429 and 5xx can; other answers cannot.
 */
import {
  classifyNetworkError,
  failureOf,
  headerValue,
  retryableStatus,
  type Outcome,
} from "../../../platform/outcome.js";
import { request, type Dispatcher } from "undici";
import { OutboundRefusedError } from "../../../platform/net/outbound-guard.js";
import { parseRetryAfter } from "../../../platform/retry.js";
import { withDeadline } from "../../../platform/net/deadline.js";

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
  let answer: Dispatcher.ResponseData;
  try {
    // undici's request rather than its fetch: a quarter of the CPU per call, and a busy
    // number sends one delivery per event. Like fetch with `redirect: "manual"`, it
    // follows no redirect: a 3xx is the target's answer.
    answer = await withDeadline(
      timeoutMs,
      async (signal) => {
        const response = await request(delivery.url, {
          method: "POST",
          headers: delivery.headers,
          body: delivery.body,
          signal,
          dispatcher,
        });
        // The body is not needed; dumping it frees the connection.
        await response.body.dump().catch(() => undefined);
        return response;
      },
      stop,
    );
  } catch (error) {
    if (stop.aborted) return { stopped: true };
    // A target the guard refuses stays refused: retrying cannot help.
    const refusal = failureOf(error);
    if (refusal instanceof OutboundRefusedError) {
      return {
        ok: false,
        failure: { kind: "refused", retryable: false, detail: refusal.as("webhook url").message },
      };
    }
    return { ok: false, failure: classifyNetworkError(error, timeoutMs) };
  }
  const status = answer.statusCode;
  if (status >= 200 && status < 300) return { ok: true, value: { status } };
  return {
    ok: false,
    failure: {
      kind: "status",
      retryable: retryableStatus(status),
      status,
      detail: `target answered HTTP ${status}`,
      retryAfterMs: parseRetryAfter(headerValue(answer.headers["retry-after"]) ?? null, now()),
    },
  };
}
