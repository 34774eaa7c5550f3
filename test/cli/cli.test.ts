import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../support/databases.js";

const run = promisify(execFile);
const CLI = path.resolve("src/cli/main.ts");
const TSX = path.resolve("node_modules/.bin/tsx");
const dataDir = tempDir("ponte-cli-");

function ponte(args: string[], env: Record<string, string> = {}) {
  return run(TSX, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, ...env },
  });
}

describe("ponte command line", () => {
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("migrates, creates an account with --json, and lists it", async () => {
    const migrated = await ponte(["migrate"]);
    expect(migrated.stdout).toContain("migrations applied (sqlite)");
    const created = await ponte([
      "account",
      "create",
      "--name",
      "Acme",
      "--max-instances",
      "3",
      "--json",
    ]);
    const account = JSON.parse(created.stdout) as Record<string, unknown>;
    expect(account).toMatchObject({ name: "Acme", maxInstances: 3 });
    expect(account.token).toMatch(/^acc_/);
    const listed = await ponte(["account", "list", "--json"]);
    const accounts = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(accounts.map((a) => a.name)).toEqual(["Acme"]);
    expect(listed.stdout).not.toContain(String(account.token));
  });

  it("creates an account with allowed origins and replaces them", async () => {
    const created = await ponte([
      "account",
      "create",
      "--name",
      "Web",
      "--origins",
      "https://a.example, https://b.example/",
      "--json",
    ]);
    const { id } = JSON.parse(created.stdout) as { id: string };
    const shown = await ponte(["account", "origins", id, "--json"]);
    expect(JSON.parse(shown.stdout)).toEqual(["https://a.example", "https://b.example"]);
    const replaced = await ponte([
      "account",
      "origins",
      id,
      "--set",
      "https://c.example",
      "--json",
    ]);
    expect(JSON.parse(replaced.stdout)).toEqual(["https://c.example"]);
  });

  it("stops with every bad setting named", async () => {
    const failure = await ponte(["migrate"], { PORT: "x", DATABASE_URL: "mysql://nope" }).catch(
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect("code" in failure && failure.code).toBe(1);
    expect(failure.stderr).toContain("PORT");
    expect(failure.stderr).toContain("DATABASE_URL");
  });

  it("refuses a bad --max-instances", async () => {
    const failure = await ponte(["account", "create", "--name", "X", "--max-instances", "0"]).catch(
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failure.stderr).toContain("--max-instances");
  });

  it.each(["serve", "bridge"])(
    "starts the %s role, answers /health and stops on SIGTERM",
    async (role) => {
      const child = spawn(TSX, [CLI, role], {
        env: {
          PATH: process.env.PATH ?? "",
          DATA_DIR: dataDir,
          PORT: "0",
          HOST: "127.0.0.1",
          LOG_LEVEL: "info",
          // The bridge role alone must be given the token the API has.
          ...(role === "bridge" ? { BRIDGE_TOKEN: "cli-test-bridge-token" } : {}),
        },
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address in: ${output}`)), 15_000);
        child.stdout.on("data", () => {
          const match = /"address":"(http:\/\/[^"]+)"/.exec(output);
          if (match?.[1] === undefined) return;
          clearTimeout(timer);
          resolve(match[1]);
        });
      });
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      if (role === "serve") expect(output).toContain("npx ponte account create");
    },
  );
});

describe("ponte bridge jobs", () => {
  it("lists dead jobs and refuses to retry one that does not exist", async () => {
    const dir = tempDir("ponte-jobs-");
    const listed = await ponte(["bridge", "jobs", "list"], { DATA_DIR: dir });
    expect(listed.stdout).toContain("no dead jobs");
    const failure = await ponte(["bridge", "jobs", "retry", "42"], { DATA_DIR: dir }).catch(
      (error: unknown) => error as { code: number; stdout: string },
    );
    expect("code" in failure && failure.code).toBe(1);
    expect(failure.stdout).toContain("job 42 not found");
  }, 60_000);
});
