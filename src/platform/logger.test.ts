import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { createLogger } from "./logger.js";

function capture(format: "json" | "pretty") {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  return { logger: createLogger("info", stream, format), text: () => chunks.join("") };
}

describe("log format", () => {
  it("writes JSON lines, or readable lines for a terminal, redacted either way", () => {
    const json = capture("json");
    json.logger.info({ instance: "support", token: "s3cr3t" }, "instance connected");
    expect(JSON.parse(json.text())).toMatchObject({
      msg: "instance connected",
      token: "[redacted]",
    });
    const pretty = capture("pretty");
    pretty.logger.info({ instance: "support", token: "s3cr3t" }, "instance connected");
    const line = pretty.text();
    expect(() => JSON.parse(line) as unknown).toThrow();
    expect(line).toContain("INFO");
    expect(line).toContain("instance connected");
    expect(line).toContain("support");
    expect(line).not.toContain("s3cr3t");
  });

  it("is pretty on a terminal and JSON otherwise, unless LOG_FORMAT says", () => {
    expect(loadConfig("api", {}, true).logFormat).toBe("pretty");
    expect(loadConfig("api", {}, false).logFormat).toBe("json");
    expect(loadConfig("api", { LOG_FORMAT: "json" }, true).logFormat).toBe("json");
    expect(loadConfig("api", { LOG_FORMAT: "pretty" }, false).logFormat).toBe("pretty");
    expect(() => loadConfig("api", { LOG_FORMAT: "xml" }, false)).toThrow("LOG_FORMAT");
  });
});
