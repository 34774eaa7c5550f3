/**
 * The `ponte` command as users run it: the compiled dist/cli/main.js under plain Node.
 * Starting it through tsx compiled the whole program on every call, seconds each on a
 * loaded machine. dist/ is built by `npm ci` (the `prepare` script); when a source file
 * is newer than the build (a developer's edit), it is built again first, once.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const CLI = path.resolve("dist/cli/main.js");
const TSC = path.resolve("node_modules/typescript/bin/tsc");
const SOURCES = [
  path.resolve("src"),
  path.resolve("tsconfig.json"),
  path.resolve("tsconfig.build.json"),
];

/** Tests and test fixtures under src/ are not part of the build (tsconfig.build.json). */
const notBuilt = (name: string) => name.endsWith(".test.ts") || name === "testing";

function newestChange(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) {
    if (!notBuilt(name)) newest = Math.max(newest, newestChange(path.join(entry, name)));
  }
  return newest;
}

function builtAt(): number | undefined {
  return fs.existsSync(CLI) ? fs.statSync(CLI).mtimeMs : undefined;
}

/** Builds dist/ unless it is newer than every source; resolves to whether it built. */
export async function ensureBuilt(): Promise<boolean> {
  const built = builtAt();
  if (built !== undefined && SOURCES.every((source) => newestChange(source) <= built)) {
    return false;
  }
  await run(process.execPath, [TSC, "-p", "tsconfig.build.json"]);
  return true;
}
