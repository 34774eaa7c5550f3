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

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, redact: { paths: REDACT, censor: "[redacted]" } };
  return destination === undefined ? pino(options) : pino(options, destination);
}
