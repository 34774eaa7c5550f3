/**
 * The data folder holds the database and the encryption key: readable by ponte's own
 * user only. Folders ponte creates are 0700; its files are 0600, and files left more
 * open by an older version are tightened on start. A folder the operator made is left
 * as it is (it may be the working directory).
 */
import fs from "node:fs";

export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Creates the file empty if missing, and makes it 0600 either way. */
export function ensurePrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, "a", 0o600));
  tighten(file);
}

/** Makes an existing file 0600; a missing one is fine (SQLite creates -wal lazily). */
export function tighten(file: string): void {
  try {
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
