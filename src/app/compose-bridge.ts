/**
 * The composition root of the `bridge` role. The integration gateway's own routes
 * (spec/bridge.md) are not part of this release; the role starts, opens the shared
 * database and answers `/health`, so deployments can already place and probe it.
 */
import path from "node:path";
import type { Config } from "../platform/config.js";
import { systemClock } from "../platform/clock.js";
import { openDatabase, type Database } from "../platform/db/database.js";
import { createLogger, type Logger } from "../platform/logger.js";
import { createHttpServer, type HttpServer } from "../platform/http/server.js";
import { registerHealthRoutes } from "../platform/health/health-routes.js";

export interface BridgeRuntime {
  app: HttpServer;
  database: Database;
  logger: Logger;
  close(): Promise<void>;
}

export async function composeBridge(config: Config): Promise<BridgeRuntime> {
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({
    url: config.databaseUrl,
    sqliteFile: path.join(config.dataDir, "ponte.db"),
  });
  const app = createHttpServer({ logger, bodyLimit: config.bodyLimitBytes });
  registerHealthRoutes(app, { db: () => database.ping() }, systemClock, systemClock.now());
  return {
    app,
    database,
    logger,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
