/** Operator commands that open the database, do one thing and exit. */
import path from "node:path";
import type { Config } from "../platform/config.js";
import { openDatabase, type Database } from "../platform/db/database.js";

/** Where the database is, as the operator should see it: the file, or the URL without password. */
export function describeDatabase(config: Config): string {
  if (config.databaseUrl === undefined) return `SQLite ${path.join(config.dataDir, "ponte.db")}`;
  const url = new URL(config.databaseUrl);
  if (url.password !== "") url.password = "***";
  return `PostgreSQL ${url.toString()}`;
}

/**
 * Opens the database and says which one on stderr (stdout stays the command's answer,
 * JSON included), so an account created in the wrong folder is obvious.
 */
export async function openForCommand(config: Config): Promise<Database> {
  process.stderr.write(`ponte: database ${describeDatabase(config)}\n`);
  return openDatabase({
    url: config.databaseUrl,
    sqliteFile: path.join(config.dataDir, "ponte.db"),
  });
}

export async function runMigrate(config: Config): Promise<void> {
  const database = await openForCommand(config);
  await database.close();
  process.stdout.write(`migrations applied (${database.dialect})\n`);
}
