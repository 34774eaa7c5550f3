/** Operator commands that open the database, do one thing and exit. */
import path from "node:path";
import { systemClock } from "../platform/clock.js";
import type { Config } from "../platform/config.js";
import { openDatabase, type Database } from "../platform/db/database.js";
import { AuthService } from "../api/auth/auth-service.js";
import { AccountStore } from "../api/auth/account-store.js";

function open(config: Config): Promise<Database> {
  return openDatabase({
    url: config.databaseUrl,
    sqliteFile: path.join(config.dataDir, "ponte.db"),
  });
}

export async function runMigrate(config: Config): Promise<void> {
  const database = await open(config);
  await database.close();
  process.stdout.write(`migrations applied (${database.dialect})\n`);
}

export type AccountCommand =
  | {
      kind: "create";
      name: string;
      maxInstances: number;
      origins: string[];
      json?: boolean | undefined;
    }
  | { kind: "list"; json?: boolean | undefined }
  | { kind: "origins"; id: string; set: string[] | undefined; json?: boolean | undefined };

export async function runAccountCommand(config: Config, command: AccountCommand): Promise<void> {
  const database = await open(config);
  try {
    const auth = new AuthService(new AccountStore(database.db), systemClock, undefined);
    if (command.kind === "create") {
      const account = await auth.createAccount(command.name, command.maxInstances);
      if (command.origins.length > 0) await auth.setOrigins(account.id, command.origins);
      const out = {
        id: account.id,
        name: account.name,
        token: account.token,
        maxInstances: account.maxInstances,
      };
      process.stdout.write(
        command.json === true
          ? `${JSON.stringify(out)}\n`
          : `Account "${out.name}" created (id ${out.id}, up to ${out.maxInstances} instances).\n` +
              `TokenAccount (shown only now, keep it safe):\n  ${out.token}\n`,
      );
      return;
    }
    if (command.kind === "origins") {
      if (command.set !== undefined && !(await auth.setOrigins(command.id, command.set))) {
        throw new Error(`no account ${command.id}`);
      }
      const origins = await auth.origins(command.id);
      process.stdout.write(
        command.json === true
          ? `${JSON.stringify(origins)}\n`
          : `${origins.join("\n") || "(none)"}\n`,
      );
      return;
    }
    const accounts = await auth.listAccounts();
    if (command.json === true) {
      process.stdout.write(`${JSON.stringify(accounts)}\n`);
      return;
    }
    if (accounts.length === 0) process.stdout.write("no accounts\n");
    for (const a of accounts) {
      process.stdout.write(`${a.id}  ${a.name}  max ${a.maxInstances} instances  ${a.createdAt}\n`);
    }
  } finally {
    await database.close();
  }
}
