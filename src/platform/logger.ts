/**
 * The process logger. Anything that may carry a secret is redacted by path, so a token
 * can never reach a log line even when a whole request or config object is logged.
 */
import { pino, stdSerializers, type Logger } from "pino";
import pretty from "pino-pretty";
import { redactText, redactUrl } from "./log-redaction.js";

export type { Logger };
export { redactUrl };

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
  // An error's text may quote the URL that failed, credentials and all.
  err: (error: Error) => {
    const serialized = stdSerializers.err(error);
    return {
      ...serialized,
      message: redactText(serialized.message),
      stack: redactText(serialized.stack),
    };
  },
};

/** Messages are redacted too: a caller may interpolate a URL into one. */
const hooks = {
  logMethod(this: Logger, args: Parameters<Logger["info"]>, method: Logger["info"]) {
    const redacted = args.map((arg: unknown) => (typeof arg === "string" ? redactText(arg) : arg));
    method.apply(this, redacted as Parameters<Logger["info"]>);
  },
};

/** `json`: one JSON object a line (for collectors); `pretty`: for a person at a terminal. */
export type LogFormat = "json" | "pretty";

export function createLogger(
  level: string,
  destination?: NodeJS.WritableStream,
  format: LogFormat = "json",
): Logger {
  const options = {
    level,
    serializers,
    hooks,
    redact: { paths: REDACT, censor: "[redacted]" },
  };
  if (format === "pretty") {
    // In-process and synchronous, so lines are not lost when the process exits.
    const stream = pretty({
      colorize: destination === undefined && process.stdout.isTTY,
      sync: true,
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname",
      ...(destination === undefined ? {} : { destination }),
    });
    return pino(options, stream);
  }
  return destination === undefined ? pino(options) : pino(options, destination);
}
