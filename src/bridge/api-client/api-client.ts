/**
 * The gateway's client of the ponte API (spec/bridge.md "Bridge → API"): the public send
 * and chat endpoints, with BRIDGE_TOKEN as the service credential, naming the instance
 * by its global id. Every answer is classified so the queue knows whether to retry.
 */
import {
  MESSAGE_PATHS,
  sendReply,
  type MarkChatReadBody,
  type TextBody,
} from "../../contracts/messages.js";
import { bridgeAuthorization } from "../../contracts/bridge.js";
import { parseRetryAfter } from "../../platform/retry.js";
import { withDeadline } from "../../platform/net/deadline.js";

export type ApiResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      status?: number;
      detail: string;
      retryable: boolean;
      retryAfterMs?: number | undefined;
    };

export interface ApiClientOptions {
  /** The API's base URL, without a trailing `/`. */
  url: string;
  token: string;
  timeoutMs: number;
}

export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  /** Where the API answers; known once it listens (the all-in-one role). */
  setUrl(url: string): void {
    this.options.url = url;
  }

  async sendText(instanceId: string, body: TextBody): Promise<ApiResult<{ messageId: string }>> {
    const answer = await this.post(MESSAGE_PATHS.text(instanceId), body);
    if (!answer.ok) return answer;
    const parsed = sendReply.safeParse(answer.value);
    if (!parsed.success)
      return { ok: false, detail: "the API's answer breaks the send contract", retryable: false };
    return { ok: true, value: { messageId: parsed.data.data.messageId } };
  }

  async markChatRead(instanceId: string, body: MarkChatReadBody): Promise<ApiResult<unknown>> {
    return this.post(MESSAGE_PATHS.markChatRead(instanceId), body);
  }

  private async post(path: string, body: unknown): Promise<ApiResult<unknown>> {
    let answer: { response: Response; text: string };
    try {
      answer = await withDeadline(this.options.timeoutMs, async (signal) => {
        const response = await fetch(`${this.options.url}${path}`, {
          method: "POST",
          headers: {
            authorization: bridgeAuthorization(this.options.token),
            "content-type": "application/json",
            accept: "application/json",
          },
          body: JSON.stringify(body),
          signal,
        });
        return { response, text: await response.text() };
      });
    } catch (error) {
      const detail =
        error instanceof Error && error.name === "TimeoutError"
          ? "the API did not answer in time"
          : "the API is unreachable";
      return { ok: false, detail, retryable: true };
    }
    const { response, text } = answer;
    const parsed = parseJson(text);
    if (response.ok) return { ok: true, value: parsed };
    const detail = messageOf(parsed) ?? `HTTP ${response.status}`;
    // 503: the WhatsApp connection is down (it comes back); 429 and 5xx pass too.
    const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
    return {
      ok: false,
      status: response.status,
      detail,
      retryable,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), Date.now()),
    };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The RyzeAPI envelope's `error.message`. */
function messageOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || !("error" in body)) return undefined;
  const error = body.error;
  if (typeof error !== "object" || error === null || !("message" in error)) return undefined;
  return typeof error.message === "string" ? error.message : undefined;
}
