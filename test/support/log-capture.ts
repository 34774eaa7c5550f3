/** A logger whose lines the test can read (to check warnings and that no secret leaks). */
import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../src/platform/logger.js";

export interface CapturedLog {
  logger: Logger;
  lines: () => Record<string, unknown>[];
  text: () => string;
  /**
   * The request lines logged for a path (query aside). A test that says a secret is
   * not in the log first shows the request is, or an empty log would pass it.
   */
  requestsTo: (path: string) => Record<string, unknown>[];
}

export function captureLog(level = "debug"): CapturedLog {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString("utf8"));
      callback();
    },
  });
  const logger = createLogger(level, stream);
  const text = () => chunks.join("");
  const lines = () =>
    text()
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    logger,
    text,
    lines,
    requestsTo: (path) =>
      lines().filter((line) => {
        const url = (line.req as { url?: unknown } | undefined)?.url;
        return typeof url === "string" && url.split("?")[0] === path;
      }),
  };
}
