/**
 * Where and how the page opens an instance's event stream. Browser WebSockets cannot
 * send headers and a token must never be in a URL, so the token travels as the
 * subprotocol `ponte.token.<base64url(token)>` beside `ponte`, which the server selects
 * (docs/manager.md).
 */

export const STREAM_PROTOCOL = "ponte";
const TOKEN_PROTOCOL_PREFIX = "ponte.token.";

export function base64Url(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function streamProtocols(token: string): string[] {
  return [STREAM_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${base64Url(token)}`];
}

export interface StreamTarget {
  /** `http:` or `https:` of the page. */
  protocol: string;
  host: string;
}

export function streamUrl(
  page: StreamTarget,
  instance: string,
  options: { events?: readonly string[]; after?: number | undefined },
): string {
  const scheme = page.protocol === "https:" ? "wss:" : "ws:";
  const query = new URLSearchParams();
  if (options.events !== undefined && options.events.length > 0) {
    query.set("events", options.events.join(","));
  }
  if (options.after !== undefined) query.set("after", String(options.after));
  const search = query.size > 0 ? `?${query.toString()}` : "";
  return `${scheme}//${page.host}/ws/manager/${encodeURIComponent(instance)}${search}`;
}

/** Waits before reconnect attempt `attempt` (0-based): doubling from 500 ms, at most 15 s, jittered. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(15_000, 500 * 2 ** Math.min(attempt, 10));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
