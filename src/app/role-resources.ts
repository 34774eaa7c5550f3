/** What every role opens first, whether it serves the API, the gateway or both. */
import path from "node:path";
import type { Config } from "../platform/config.js";
import { loadOrCreateKey, SecretBox } from "../platform/crypto.js";
import { openDatabase, type Database } from "../platform/db/database.js";

/** The encryption key's box: ENCRYPTION_KEY, or the key generated into DATA_DIR. */
export function openSecrets(config: Config): SecretBox {
  return SecretBox.fromKey(loadOrCreateKey(config.encryptionKey, config.dataDir));
}

/** The role's database: PostgreSQL at DATABASE_URL, else SQLite in DATA_DIR. */
export function openRoleDatabase(
  config: Config,
  pgSchema?: string,
  onQuery?: (sql: string) => void,
): Promise<Database> {
  return openDatabase({
    url: config.databaseUrl,
    sqliteFile: path.join(config.dataDir, "ponte.db"),
    pgSchema,
    onQuery,
  });
}
