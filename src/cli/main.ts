#!/usr/bin/env node
/**
 * The `ponte` command line: one package, three roles (serve, api, bridge), the
 * operator's commands (migrate, account create, account list) and the demo.
 */
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { PACKAGE_VERSION } from "../app/version.js";
import { ConfigError, loadConfig, type Role } from "../platform/config.js";
import { runMigrate } from "./admin-commands.js";
import { runAccountCommand } from "./account-commands.js";
import { runJobsCommand } from "./bridge-commands.js";
import type { JobState } from "../bridge/bridge-schema.js";

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError("a whole number ≥ 1");
  return parsed;
}

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535)
    throw new InvalidArgumentError("a port, 0 to 65535 (0: a free port)");
  return parsed;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function logLevel(value: string): (typeof LOG_LEVELS)[number] {
  const found = LOG_LEVELS.find((level) => level === value);
  if (found === undefined) throw new InvalidArgumentError(LOG_LEVELS.join(", "));
  return found;
}

function list(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

const program = new Command()
  .name("ponte")
  .description(
    "WhatsApp API server, wire-compatible with RyzeAPI, with a native Chatwoot integration",
  )
  .version(PACKAGE_VERSION);

for (const role of ["serve", "api", "bridge"] as const) {
  const descriptions: Record<Role, string> = {
    serve: "API and bridge in one process on the embedded default (SQLite in DATA_DIR)",
    api: "the API role alone (scale out with DATABASE_URL and REDIS_URL)",
    bridge: "the integration gateway role alone",
  };
  program
    .command(role)
    .description(descriptions[role])
    .action(() =>
      withConfig(role, async (config) => {
        // Loaded only to serve: the runtime brings the WhatsApp library (Baileys) and
        // everything else, which the operator's one-shot commands never need.
        const { runServer } = await import("./run-server.js");
        await runServer(config);
      }),
    );
}

program
  .command("migrate")
  .description("apply database migrations and exit")
  .action(() => withConfig("api", runMigrate));

const account = program.command("account").description("manage accounts");
account
  .command("create")
  .description("create an account and print its TokenAccount (shown once)")
  .requiredOption("--name <name>", "account name")
  .option("--max-instances <n>", "how many instances the account may create", positiveInteger, 10)
  .option("--origins <list>", "comma-separated browser origins allowed to use its tokens", "")
  .option("--json", "print JSON")
  .action((options: { name: string; maxInstances: number; origins: string; json?: boolean }) =>
    withConfig("api", (config) =>
      runAccountCommand(config, { kind: "create", ...options, origins: list(options.origins) }),
    ),
  );
account
  .command("origins <accountId>")
  .description("show, or with --set replace, the browser origins allowed for an account")
  .option("--set <list>", "comma-separated origins (empty to allow none)")
  .option("--json", "print JSON")
  .action((id: string, options: { set?: string; json?: boolean }) =>
    withConfig("api", (config) =>
      runAccountCommand(config, {
        kind: "origins",
        id,
        set: options.set === undefined ? undefined : list(options.set),
        json: options.json,
      }),
    ),
  );
account
  .command("rotate-token <accountId>")
  .description("replace the account's TokenAccount; the old one stops working at once")
  .option("--json", "print JSON")
  .action((id: string, options: { json?: boolean }) =>
    withConfig("api", (config) =>
      runAccountCommand(config, { kind: "rotate-token", id, json: options.json }),
    ),
  );
account
  .command("delete <accountId>")
  .description("delete the account with all its instances (log connected ones out first)")
  .action((id: string) =>
    withConfig("api", (config) => runAccountCommand(config, { kind: "delete", id })),
  );
const instance = program.command("instance").description("manage instances");
instance
  .command("rotate-token <accountId> <name>")
  .description("replace an instance's TokenInstance; the old one stops working at once")
  .option("--json", "print JSON")
  .action((id: string, name: string, options: { json?: boolean }) =>
    withConfig("api", (config) =>
      runAccountCommand(config, { kind: "rotate-instance-token", id, name, json: options.json }),
    ),
  );
account
  .command("list")
  .description("list accounts")
  .option("--json", "print JSON")
  .action((options: { json?: boolean }) =>
    withConfig("api", (config) => runAccountCommand(config, { kind: "list", json: options.json })),
  );

const bridge = program.commands.find((command) => command.name() === "bridge");
const jobs = (bridge ?? program.command("bridge"))
  .command("jobs")
  .description("the gateway's jobs and dead letters");
jobs
  .command("list")
  .description("list the gateway's jobs in a state (dead by default)")
  .option("--state <state>", "pending, running, done, dead or cancelled", "dead")
  .option("--integration <id>", "only this integration's")
  .option("--json", "print JSON")
  .action((options: { state: JobState; integration?: string; json?: boolean }) =>
    withConfig("bridge", (config) =>
      runJobsCommand(config, {
        kind: "list",
        state: options.state,
        integrationId: options.integration,
        json: options.json,
      }),
    ),
  );
jobs
  .command("retry <ids...>")
  .description("run dead jobs again from their first attempt")
  .option("--json", "print JSON")
  .action((ids: string[], options: { json?: boolean }) =>
    withConfig("bridge", (config) =>
      runJobsCommand(config, { kind: "retry", ids: ids.map(Number), json: options.json }),
    ),
  );

program
  .command("demo")
  .description(
    "the Chatwoot integration end to end on this machine: ponte serve, a Chatwoot emulator, a sandbox instance, a message each way",
  )
  .option("--once", "stop after the relays instead of running until Ctrl-C")
  .option("--port <port>", "ponte's port (default: 8080 when free, else any free port)", port)
  .option("--chatwoot-port <port>", "the emulator's port (default: 3010 when free, else any)", port)
  .option("--data-dir <dir>", "keep the data in this folder (default: a temporary one)")
  .option("--log-level <level>", "ponte's log level, written to stderr", logLevel, "warn")
  .action(
    (options: {
      once?: boolean;
      port?: number;
      chatwootPort?: number;
      dataDir?: string;
      logLevel: (typeof LOG_LEVELS)[number];
    }) =>
      withConfig("serve", async (config) => {
        // Loaded only for the demo, like the server roles (the runtime is heavy).
        const { runDemo } = await import("./demo/demo-command.js");
        process.exitCode = await runDemo(config, {
          once: options.once === true,
          port: options.port,
          chatwootPort: options.chatwootPort,
          dataDir: options.dataDir === undefined ? undefined : path.resolve(options.dataDir),
          logLevel: options.logLevel,
        });
      }),
  );

async function withConfig(
  role: Role,
  run: (config: ReturnType<typeof loadConfig>) => Promise<void>,
): Promise<void> {
  try {
    await run(loadConfig(role));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ponte: ${error.message}\n`);
    } else {
      process.stderr.write(`ponte: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.exitCode = 1;
  }
}

await program.parseAsync(process.argv);
