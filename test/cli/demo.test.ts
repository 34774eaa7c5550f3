/**
 * `ponte demo --once` end to end, as a person runs it: from the sources (tsx) and from a
 * fresh compiled build laid out as `npm run build` lays out dist/ (the server and, on
 * its own, the Chatwoot emulator). No timing is asserted: only that both directions
 * were relayed, that the demo cleaned up, and that it left the environment's
 * deployment settings alone.
 */
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChatwootEmulator } from "../../tools/chatwoot-emulator/emulator.js";
import type { StartChatwoot } from "../../src/cli/demo/emulator-loader.js";
import { tempDir } from "../support/databases.js";

// The demo's view of the emulator must stay true to the emulator (a compile-time check).
const emulatorFitsTheDemo: StartChatwoot = startChatwootEmulator;

const run = promisify(execFile);
const TSX = path.resolve("node_modules/.bin/tsx");
const TSC = path.resolve("node_modules/.bin/tsc");
/** Inside the package, so the build resolves the package's node_modules like dist/ does. */
const BUILD = path.resolve("node_modules/.cache/ponte-demo-test");

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function demo(command: string, args: string[], env: Record<string, string>): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      command,
      [...args, "demo", "--once", "--port", "0", "--chatwoot-port", "0"],
      {
        env: { PATH: process.env.PATH ?? "", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function expectBothDirections(result: Finished): void {
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  expect(result.stdout).toMatch(/WhatsApp → Chatwoot ✔ {2}\+5511987650001/);
  expect(result.stdout).toMatch(/Chatwoot → WhatsApp ✔ {2}Maria replied in conversation \d+/);
  expect(result.stdout).toContain(
    '"*Maria*:\\nHi Ana! Yes, it *left the warehouse* this morning."',
  );
  expect(result.stdout).toMatch(/Chatwoot message \d+ is now "read"/);
  expect(result.stdout).toContain("Both directions work");
  expect(result.stdout).toMatch(/TokenInstance {5}ins_/);
  expect(result.stdout).toMatch(/curl -s -X POST \$PONTE\/api\/sandbox\/inbound\/demo/);
  // The temporary data folder it announced is gone.
  const data = /database: sqlite in (\S+)/.exec(result.stdout)?.[1];
  expect(data).toBeDefined();
  expect(fs.existsSync(data!)).toBe(false);
}

describe("ponte demo", () => {
  const untouched = tempDir("ponte-demo-env-");
  // What a deployment's shell may hold: the demo must not use any of it.
  const deployment = {
    DATA_DIR: untouched,
    DATABASE_URL: "postgres://nobody@127.0.0.1:1/none",
    BRIDGE_ENABLED: "false",
    BRIDGE_URL: "http://127.0.0.1:1",
    BRIDGE_TOKEN: "not-the-demo's",
  };

  afterAll(() => {
    fs.rmSync(untouched, { recursive: true, force: true });
  });

  it("relays a message each way from the sources, ignoring the deployment's settings", async () => {
    expect(emulatorFitsTheDemo).toBeTypeOf("function");
    const result = await demo(TSX, [path.resolve("src/cli/main.ts")], deployment);
    expectBothDirections(result);
    expect(fs.readdirSync(untouched)).toEqual([]);
  }, 180_000);

  describe("from a compiled build", () => {
    beforeAll(async () => {
      fs.rmSync(BUILD, { recursive: true, force: true });
      // Types are checked by the typecheck gate; this only lays the JavaScript out.
      const out = path.join(BUILD, "dist");
      await run(TSC, ["-p", "tsconfig.build.json", "--noCheck", "--outDir", out]);
      await run(TSC, [
        "-p",
        "tsconfig.tools.json",
        "--noCheck",
        "--outDir",
        path.join(out, "tools"),
      ]);
      // dist/ finds package.json two levels up (the version, the module type).
      fs.copyFileSync("package.json", path.join(BUILD, "package.json"));
    }, 300_000);
    afterAll(() => {
      fs.rmSync(BUILD, { recursive: true, force: true });
    });

    it("finds the compiled emulator and relays a message each way", async () => {
      const result = await demo(process.execPath, [path.join(BUILD, "dist/cli/main.js")], {});
      expectBothDirections(result);
    }, 180_000);
  });
});
