/** Starts a role, prints where it listens, and shuts down cleanly on SIGINT/SIGTERM. */
import { startRuntime } from "../app/runtime.js";
import type { Config } from "../platform/config.js";

export async function runServer(config: Config): Promise<void> {
  const runtime = await startRuntime(config);
  const { address, logger, database } = runtime;
  logger.info({ address, role: config.role, database: database.dialect }, "ponte listening");
  if (config.role === "serve") {
    process.stdout.write(
      [
        ``,
        `ponte ${config.role} is listening on ${address} (database: ${database.dialect}, data: ${config.dataDir})`,
        `API docs: ${config.baseUrl}/docs`,
        `Chatwoot integration gateway: ${runtime.bridge === undefined ? "off (BRIDGE_ENABLED=false)" : "on, in this process"}`,
        `Create the first account:  npx ponte account create --name "My company"`,
        ``,
      ].join("\n"),
    );
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    runtime.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}
