/**
 * Account management from the command line (issue 14, items 8 and 10): token rotation,
 * deletion, clear failures on unknown ids and on values that are not origins, and the
 * database each command used.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../support/databases.js";

const run = promisify(execFile);
const CLI = path.resolve("src/cli/main.ts");
const TSX = path.resolve("node_modules/.bin/tsx");
const dataDir = tempDir("ponte-cli-admin-");

function ponte(args: string[]) {
  return run(TSX, [CLI, ...args], { env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir } });
}

function failing(args: string[]) {
  return ponte(args).then(
    () => {
      throw new Error(`ponte ${args.join(" ")} succeeded`);
    },
    (error: unknown) => error as { code: number; stderr: string; stdout: string },
  );
}

// Each case starts the command line a few times (tsx compiles on start): minutes, on a
// loaded machine, not seconds.
describe("ponte account administration", { timeout: 180_000 }, () => {
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("says which database every admin command used, on stderr", async () => {
    const created = await ponte(["account", "create", "--name", "Db", "--json"]);
    expect(created.stderr).toContain(`ponte: database SQLite ${path.join(dataDir, "ponte.db")}`);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: "Db" });
    const listed = await ponte(["account", "list"]);
    expect(listed.stderr).toContain("ponte: database SQLite");
  });

  it("rotates an account's token and deletes the account", async () => {
    const { id, token } = JSON.parse(
      (await ponte(["account", "create", "--name", "Rot", "--json"])).stdout,
    ) as { id: string; token: string };
    const rotated = JSON.parse((await ponte(["account", "rotate-token", id, "--json"])).stdout) as {
      token: string;
    };
    expect(rotated.token).toMatch(/^acc_/);
    expect(rotated.token).not.toBe(token);
    expect((await ponte(["account", "delete", id])).stdout).toContain(`Account ${id} deleted`);
    const listed = JSON.parse((await ponte(["account", "list", "--json"])).stdout) as {
      id: string;
    }[];
    expect(listed.map((a) => a.id)).not.toContain(id);
  });

  it.each([
    [["account", "origins", "no-such-id"]],
    [["account", "rotate-token", "no-such-id"]],
    [["account", "delete", "no-such-id"]],
    [["instance", "rotate-token", "no-such-id", "support"]],
  ])("fails clearly on an unknown account: %j", async (args) => {
    const failure = await failing(args);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain(
      "ponte: no account with id no-such-id in this database (see: ponte account list)",
    );
  });

  it("refuses values that are not origins, and creates nothing then", async () => {
    const failure = await failing([
      "account",
      "create",
      "--name",
      "Bad",
      "--origins",
      "javascript:alert(1)",
    ]);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain(
      'ponte: "javascript:alert(1)" is not an origin: expected http(s)://host[:port]',
    );
    const listed = JSON.parse((await ponte(["account", "list", "--json"])).stdout) as {
      name: string;
    }[];
    expect(listed.map((a) => a.name)).not.toContain("Bad");
    const { id } = JSON.parse(
      (await ponte(["account", "create", "--name", "Ok", "--json"])).stdout,
    ) as {
      id: string;
    };
    for (const bad of ["https://a.example/path", "ftp://a.example", "*"]) {
      expect((await failing(["account", "origins", id, "--set", bad])).stderr).toContain(
        "is not an origin",
      );
    }
  });
});
