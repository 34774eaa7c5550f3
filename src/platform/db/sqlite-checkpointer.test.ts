import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { BOUND_PAGES, startCheckpointer, type Checkpointer } from "./sqlite-checkpointer.js";

const PAGE = 4096;

describe("startCheckpointer", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function walDatabase(): { file: string; sqlite: SQLite.Database } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ponte-wal-"));
    const file = path.join(dir, "db.sqlite");
    const sqlite = new SQLite(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.exec("create table t (id integer primary key, body text not null)");
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    cleanups.push(() => void sqlite.close());
    return { file, sqlite };
  }

  function started(file: string, sqlite: SQLite.Database, onFailure?: (e: unknown) => void) {
    const checkpointer: Checkpointer = startCheckpointer(file, sqlite, { everyMs: 20, onFailure });
    cleanups.push(() => checkpointer.stop());
    return checkpointer;
  }

  /** Many small commits, each a page or two of WAL: several automatic checkpoints' worth. */
  function writeCommits(sqlite: SQLite.Database, count: number): void {
    const insert = sqlite.prepare("insert into t (body) values (?)");
    for (let i = 0; i < count; i += 1) insert.run("x".repeat(1_000));
  }

  const walPages = (file: string) => fs.statSync(`${file}-wal`).size / PAGE;
  const autocheckpoint = (sqlite: SQLite.Database) =>
    sqlite.pragma("wal_autocheckpoint", { simple: true });

  it("copies the WAL into the database from its worker; the connection checkpoints only past the bound", async () => {
    const { file, sqlite } = walDatabase();
    const checkpointer = started(file, sqlite);
    await checkpointer.ready;
    expect(autocheckpoint(sqlite)).toBe(BOUND_PAGES);

    writeCommits(sqlite, 3_000);
    const { frames, copied } = await checkpointer.checkpoint();
    expect(frames).toBeGreaterThan(0);
    expect(copied).toBe(frames);
    // The rows are in the database file itself (3,000 of 1 KB), not only in the WAL.
    expect(fs.statSync(file).size).toBeGreaterThan(3_000_000);
  });

  it("keeps the WAL from growing: once copied, it is written again from its start", async () => {
    const { file, sqlite } = walDatabase();
    const checkpointer = started(file, sqlite);
    await checkpointer.ready;
    const pages: number[] = [];
    for (let round = 1; round <= 3; round += 1) {
      writeCommits(sqlite, 1_500);
      pages.push(walPages(file));
      const { frames, copied } = await checkpointer.checkpoint();
      expect(copied).toBe(frames);
    }
    // Without a reset the WAL would hold all three rounds; with it, about one round.
    const [first = 0, , last = 0] = pages;
    expect(first).toBeGreaterThan(1_000);
    expect(last).toBeLessThan(1.5 * first);
  });

  it("bounds the WAL under a writer that never pauses, which the worker alone cannot reset", async () => {
    // The same commits with no checkpoint at all: the WAL holds every one of them.
    const unbounded = walDatabase();
    unbounded.sqlite.pragma("wal_autocheckpoint = 0");
    writeCommits(unbounded.sqlite, 15_000);
    const everything = walPages(unbounded.file);

    const { file, sqlite } = walDatabase();
    const checkpointer = started(file, sqlite);
    await checkpointer.ready;
    // Written back to back, the worker's passive checkpoints copy frames but never catch
    // up; only the connection's own checkpoint restarts the WAL. It may find the worker's
    // checkpoint running and wait for the next bound, so the WAL can pass BOUND_PAGES, but
    // it starts again well before it holds everything.
    writeCommits(sqlite, 15_000);
    expect(everything).toBeGreaterThan(4 * BOUND_PAGES);
    expect(walPages(file)).toBeLessThan(0.75 * everything);
  });

  it("hands the checkpoints back to the connection when the worker cannot open the database", async () => {
    const { sqlite } = walDatabase();
    const failures: unknown[] = [];
    const checkpointer = started("/nonexistent/dir/db.sqlite", sqlite, (e) => failures.push(e));
    await checkpointer.ready;
    expect(failures).toHaveLength(1);
    expect(autocheckpoint(sqlite)).toBe(1000);
  });

  it("lets the process end once the database is closed (exit 0, not 13 for a pending await)", () => {
    const { file } = walDatabase();
    const database = new URL("./database.ts", import.meta.url).pathname;
    const script = [
      `import { openDatabase } from ${JSON.stringify(database)};`,
      `const db = await openDatabase({ sqliteFile: ${JSON.stringify(file)} });`,
      `await db.close();`,
      `console.log("closed");`,
    ].join("\n");
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "--eval", script],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect({ status: result.status, stdout: result.stdout.trim() }).toEqual({
      status: 0,
      stdout: "closed",
    });
  });
});
