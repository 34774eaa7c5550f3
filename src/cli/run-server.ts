/** Starts a role, prints where it listens, and shuts down cleanly on SIGINT/SIGTERM. */
import { composeApi } from "../app/compose-api.js";
import { composeBridge } from "../app/compose-bridge.js";
import type { Config } from "../platform/config.js";

async function start(config: Config) {
  if (config.role === "bridge") {
    const runtime = await composeBridge(config);
    return { runtime, address: await runtime.app.listen({ port: config.port, host: config.host }) };
  }
  const runtime = await composeApi(config);
  const address = await runtime.app.listen({ port: config.port, host: config.host });
  // Peers forward requests to this address; it is advertised before any lease is taken.
  runtime.connections.advertise(config.internalUrl ?? address);
  await runtime.instances.resumeConnections();
  return { runtime, address };
}

export async function runServer(config: Config): Promise<void> {
  const { runtime, address } = await start(config);
  runtime.logger.info(
    { address, role: config.role, database: runtime.database.dialect },
    "ponte listening",
  );
  if (config.role === "serve") {
    process.stdout.write(
      [
        ``,
        `ponte ${config.role} is listening on ${address} (database: ${runtime.database.dialect}, data: ${config.dataDir})`,
        `API docs: ${config.baseUrl}/docs`,
        `Create the first account:  npx ponte account create --name "My company"`,
        ``,
      ].join("\n"),
    );
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.logger.info({ signal }, "shutting down");
    runtime.close().then(
      () => process.exit(0),
      (error: unknown) => {
        runtime.logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}
