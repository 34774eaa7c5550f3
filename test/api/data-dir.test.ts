/** DATA_DIR and its files are private to ponte's user (issue 14, item 7). */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startTestServer } from "../support/server.js";
import { tempDir } from "../support/databases.js";

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe("the data folder", () => {
  it("is created 0700 with its files 0600", async () => {
    const parent = tempDir();
    const dataDir = path.join(parent, "fresh", "data");
    const server = await startTestServer({ dataDir, env: { ENCRYPTION_KEY: "" } });
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(path.join(dataDir, "encryption.key"))).toBe(0o600);
      if (server.runtime.database.dialect === "sqlite") {
        const account = await server.createAccount();
        await server.createInstance(account.token);
        for (const name of fs.readdirSync(dataDir)) {
          expect([name, modeOf(path.join(dataDir, name))]).toEqual([name, 0o600]);
        }
        expect(fs.readdirSync(dataDir)).toContain("ponte.db");
      }
    } finally {
      await server.close(false);
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it("tightens files an older version left readable", async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, "encryption.key"), `${"b".repeat(64)}\n`, { mode: 0o644 });
    fs.writeFileSync(path.join(dataDir, "ponte.db"), "", { mode: 0o644 });
    fs.chmodSync(path.join(dataDir, "ponte.db"), 0o644);
    fs.chmodSync(path.join(dataDir, "encryption.key"), 0o644);
    const server = await startTestServer({ dataDir });
    try {
      expect(modeOf(path.join(dataDir, "encryption.key"))).toBe(0o600);
      if (server.runtime.database.dialect === "sqlite")
        expect(modeOf(path.join(dataDir, "ponte.db"))).toBe(0o600);
    } finally {
      await server.close(false);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
