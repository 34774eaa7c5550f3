/** `ponte account …` and `ponte instance rotate-token`: accounts and their tokens. */
import { systemClock } from "../platform/clock.js";
import type { Config } from "../platform/config.js";
import { loadOrCreateKey, SecretBox } from "../platform/crypto.js";
import type { Database } from "../platform/db/database.js";
import { AccountStore } from "../api/auth/account-store.js";
import { AuthService } from "../api/auth/auth-service.js";
import { parseOrigin } from "../api/auth/origins.js";
import { TokenRotation } from "../api/auth/token-rotation.js";
import { InstanceStore } from "../api/instances/instance-store.js";
import { openForCommand } from "./admin-commands.js";

export type AccountCommand =
  | { kind: "create"; name: string; maxInstances: number; origins: string[]; json?: boolean }
  | { kind: "list"; json?: boolean | undefined }
  | { kind: "origins"; id: string; set: string[] | undefined; json?: boolean | undefined }
  | { kind: "rotate-token"; id: string; json?: boolean | undefined }
  | { kind: "delete"; id: string }
  | { kind: "rotate-instance-token"; id: string; name: string; json?: boolean | undefined };

/** A failure the operator can act on; main prints it and exits 1. */
export class CommandError extends Error {}

interface Tools {
  auth: AuthService;
  database: Database;
  config: Config;
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

export async function runAccountCommand(config: Config, command: AccountCommand): Promise<void> {
  const database = await openForCommand(config);
  try {
    const auth = new AuthService(new AccountStore(database.db), systemClock, undefined);
    await dispatch({ auth, database, config }, command);
  } finally {
    await database.close();
  }
}

async function dispatch(tools: Tools, command: AccountCommand): Promise<void> {
  switch (command.kind) {
    case "create":
      return create(tools, command);
    case "list":
      return list(tools, command.json);
    case "origins":
      return origins(tools, command);
    case "rotate-token": {
      const token = await tools.auth.rotateAccountToken(command.id);
      if (token === undefined) throw unknownAccount(command.id);
      print(
        command.json === true
          ? JSON.stringify({ id: command.id, token })
          : `New TokenAccount (shown only now; the old one no longer works):\n  ${token}`,
      );
      return;
    }
    case "delete": {
      if (!(await tools.auth.deleteAccount(command.id))) throw unknownAccount(command.id);
      print(`Account ${command.id} deleted, with its instances.`);
      return;
    }
    case "rotate-instance-token":
      return rotateInstance(tools, command);
  }
}

function unknownAccount(id: string): CommandError {
  return new CommandError(`no account with id ${id} in this database (see: ponte account list)`);
}

async function create(tools: Tools, command: Extract<AccountCommand, { kind: "create" }>) {
  // Origins are checked before anything is written, so a typo leaves no half-made account.
  const origins = validOrigins(command.origins);
  const account = await tools.auth.createAccount(command.name, command.maxInstances);
  if (origins.length > 0) await tools.auth.setOrigins(account.id, origins);
  const out = {
    id: account.id,
    name: account.name,
    token: account.token,
    maxInstances: account.maxInstances,
  };
  print(
    command.json === true
      ? JSON.stringify(out)
      : `Account "${out.name}" created (id ${out.id}, up to ${out.maxInstances} instances).\n` +
          `TokenAccount (shown only now, keep it safe):\n  ${out.token}`,
  );
}

async function origins(tools: Tools, command: Extract<AccountCommand, { kind: "origins" }>) {
  if ((await tools.auth.findAccount(command.id)) === undefined) throw unknownAccount(command.id);
  if (command.set !== undefined) await tools.auth.setOrigins(command.id, validOrigins(command.set));
  const allowed = await tools.auth.origins(command.id);
  print(command.json === true ? JSON.stringify(allowed) : allowed.join("\n") || "(none)");
}

function validOrigins(list: string[]): string[] {
  try {
    return list.map(parseOrigin);
  } catch (error) {
    throw new CommandError(error instanceof Error ? error.message : String(error));
  }
}

async function list(tools: Tools, json: boolean | undefined) {
  const accounts = await tools.auth.listAccounts();
  if (json === true) {
    print(JSON.stringify(accounts));
    return;
  }
  if (accounts.length === 0) print("no accounts");
  for (const a of accounts)
    print(`${a.id}  ${a.name}  max ${a.maxInstances} instances  ${a.createdAt}`);
}

async function rotateInstance(
  tools: Tools,
  command: Extract<AccountCommand, { kind: "rotate-instance-token" }>,
) {
  if ((await tools.auth.findAccount(command.id)) === undefined) throw unknownAccount(command.id);
  const secrets = SecretBox.fromKey(
    loadOrCreateKey(tools.config.encryptionKey, tools.config.dataDir),
  );
  const store = new InstanceStore(tools.database.db, secrets);
  const instance = await store.findByName(command.id, command.name);
  if (instance === undefined)
    throw new CommandError(`account ${command.id} has no instance named ${command.name}`);
  const token = await new TokenRotation(tools.auth, store, secrets).instance(instance);
  if (token === undefined) throw new CommandError(`instance ${command.name} was deleted meanwhile`);
  print(
    command.json === true
      ? JSON.stringify({ name: command.name, token })
      : `New TokenInstance of ${command.name} (the old one no longer works):\n  ${token}`,
  );
}
