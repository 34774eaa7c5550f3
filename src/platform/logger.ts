/**
 * The process logger. Anything that may carry a secret is redacted by path, so a token
 * can never reach a log line even when a whole request or config object is logged.
 */
import { pino, type Logger } from "pino";

export type { Logger };

const REDACT = [
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "req.headers.authorization",
  "req.headers.token",
  "req.query.token",
  "chatwootApiToken",
  "*.chatwootApiToken",
  "password",
  "*.password",
  "secretKey",
  "*.secretKey",
  "encryptionKey",
  "*.encryptionKey",
];

/**
 * A URL with the value of any `token` query parameter replaced, however its name is
 * spelled (`token`, `TOKEN`, `%74oken`: the query parser decodes names).
 */
export function redactUrl(url: string): string {
  const at = url.indexOf("?");
  if (at === -1) return url;
  const query = url
    .slice(at + 1)
    .split("&")
    .map((pair) => {
      const name = pair.split("=", 1)[0] ?? "";
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replaceAll("+", " "));
      } catch {
        // an undecodable name is kept as it is
      }
      return decoded.trim().toLowerCase() === "token" ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, at)}?${query.join("&")}`;
}

interface RequestLike {
  id?: unknown;
  method?: unknown;
  url?: unknown;
  ip?: unknown;
}

const serializers = {
  req: (req: RequestLike) => ({
    id: req.id,
    method: req.method,
    url: typeof req.url === "string" ? redactUrl(req.url) : undefined,
    remoteAddress: req.ip,
  }),
};

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, serializers, redact: { paths: REDACT, censor: "[redacted]" } };
  return destination === undefined ? pino(options) : pino(options, destination);
}
