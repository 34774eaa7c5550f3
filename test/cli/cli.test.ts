import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, ensureBuilt } from "../support/built-cli.js";
import { tempDir } from "../support/databases.js";

const run = promisify(execFile);
const dataDir = tempDir("ponte-cli-");
/** Servers started by the tests; one left running by a failed test is stopped at the end. */
const servers: ChildProcess[] = [];

function ponte(args: string[], env: Record<string, string> = {}, nodeOptions: string[] = []) {
  return run(process.execPath, [...nodeOptions, CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, ...env },
  });
}

/** A module hook that makes importing the WhatsApp library (Baileys) fail. */
const WITHOUT_BAILEYS = (() => {
  const hook = `export async function resolve(specifier, context, next) {
    if (specifier.startsWith("@whiskeysockets/baileys")) throw new Error("Baileys was loaded");
    return next(specifier, context);
  }`;
  const register = `import { register } from "node:module";
    register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  return ["--import", `data:text/javascript,${encodeURIComponent(register)}`];
})();

// Each call starts a Node process; a loaded machine may take seconds for each.
describe("ponte command line", { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await ensureBuilt();
  }, 300_000);
  afterAll(() => {
    for (const child of servers) if (child.exitCode === null) child.kill("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("runs the operator's commands without loading the WhatsApp library", async () => {
    const listed = await ponte(["account", "list", "--json"], {}, WITHOUT_BAILEYS);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    const migrated = await ponte(["migrate"], {}, WITHOUT_BAILEYS);
    expect(migrated.stdout).toContain("migrations applied (sqlite)");
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
      const child = spawn(process.execPath, [CLI, role], {
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
      servers.push(child);
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      // No deadline of its own: the test's timeout is the only one, and an early exit
      // fails at once with what the process printed.
      const url = await new Promise<string>((resolve, reject) => {
        child.once("exit", (code) =>
          reject(new Error(`exited (${code}) before listening: ${output}`)),
        );
        child.stdout.on("data", () => {
          const match = /"address":"(http:\/\/[^"]+)"/.exec(output);
          if (match?.[1] !== undefined) resolve(match[1]);
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
