/**
 * The demo speaks to ponte and to the Chatwoot emulator over HTTP, exactly as the curl
 * examples it prints do, so what it shows working is what a person can repeat.
 */

export type Json = Record<string, unknown>;

export interface JsonReply {
  status: number;
  body: Json;
}

export class DemoStepError extends Error {}

export async function requestJson(
  method: string,
  url: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<JsonReply> {
  const response = await fetch(url, {
    method,
    headers: {
      accept: "application/json",
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: objectOf(text) };
}

/** The answer's body when it has the expected status; otherwise a step error naming both. */
export async function expectJson(
  what: string,
  status: number,
  reply: Promise<JsonReply>,
): Promise<Json> {
  const answer = await reply;
  if (answer.status !== status) {
    throw new DemoStepError(
      `${what}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`,
    );
  }
  return answer.body;
}

/** Polls until `probe` gives a value; a relay crosses a queue, so it is not instant. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new DemoStepError(`${what}: nothing after ${Math.round(timeoutMs / 1000)} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function arrayOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isJson) : [];
}

export function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = isJson(current) ? current[key] : undefined;
  return current;
}

export function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Arrays (the emulator's lists) come back as `{ items: [...] }`. */
function objectOf(text: string): Json {
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return { items: parsed };
    return isJson(parsed) ? parsed : { value: parsed };
  } catch {
    return { text };
  }
}
