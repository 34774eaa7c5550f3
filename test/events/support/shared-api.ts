/**
 * An API process on PostgreSQL and Redis whatever PONTE_TEST_DB says, so that two of
 * them can share one schema and one Redis key prefix (the multi-process tests).
 */
import { randomBytes } from "node:crypto";
import { composeApi, type ApiRuntime } from "../../../src/app/compose-api.js";
import { loadConfig } from "../../../src/platform/config.js";
import { captureLog } from "../../support/log-capture.js";
import { tempDir } from "../../support/databases.js";
import { PG_URL, REDIS_URL } from "../../support/services.js";
import { tableResolver } from "../../support/outbound.js";

export interface SharedApi {
  url: string;
  runtime: ApiRuntime;
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown },
  ): Promise<{ status: number; body: Record<string, any> }>;
  close(): Promise<void>;
}

export function sharedKeyPrefix(): string {
  return `ponte-test:${randomBytes(6).toString("hex")}:`;
}

export async function startSharedApi(pgSchema: string, redisKeyPrefix: string): Promise<SharedApi> {
  const config = loadConfig("api", {
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: tempDir(),
    LOG_LEVEL: "debug",
    DATABASE_URL: PG_URL,
    REDIS_URL,
    REDIS_KEY_PREFIX: redisKeyPrefix,
    // Both processes must open each other's sealed tokens.
    ENCRYPTION_KEY: "a".repeat(64),
    OUTBOUND_ALLOW: "127.0.0.1",
  });
  const runtime = await composeApi(config, {
    logger: captureLog().logger,
    pgSchema,
    outboundResolver: tableResolver(),
  });
  const url = await runtime.app.listen({ port: 0, host: "127.0.0.1" });
  return {
    url,
    runtime,
    request: async (method, path, options = {}) => {
      const headers: Record<string, string> = {};
      if (options.token !== undefined) headers.token = options.token;
      if (options.body !== undefined) headers["content-type"] = "application/json";
      const response = await fetch(`${url}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    },
    close: () => runtime.close(),
  };
}
