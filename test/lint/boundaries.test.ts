/**
 * The import boundaries of eslint.config.js fire where they should and only there,
 * proven on probe files (src/bridge/ need not hold code yet for its rule to hold).
 */
import { ESLint, type Linter } from "eslint";
import { describe, expect, it } from "vitest";

const CONFIG = "../../eslint.config.js";
const { boundaries } = (await import(CONFIG)) as { boundaries: Linter.Config[] };
// A block for every .ts file, so that files no boundary covers are linted too.
const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [{ files: ["**/*.ts"] }, ...boundaries],
});

async function refusals(filePath: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from "${specifier}";\nexport { x };\n`, {
    filePath,
  });
  return (result?.messages ?? []).map((message) => message.message);
}

describe("import boundaries", () => {
  it.each([
    ["src/bridge/probe.ts", "../api/instances/access.js"],
    ["src/bridge/queue/probe.ts", "../../api/instances/access.js"],
    ["src/bridge/queue/deep/probe.ts", "../../../api/auth/guard.js"],
    ["src/bridge/queue/probe.ts", "../../../src/api/auth/guard.js"],
    ["src/api/chatwoot/probe.ts", "../../bridge/queue/job-store.js"],
    ["src/providers/baileys/probe.ts", "../../api/instances/instance-model.js"],
    ["src/providers/baileys/probe.ts", "../../bridge/bridge-schema.js"],
    ["src/contracts/probe.ts", "../api/events/log/envelope.js"],
    ["src/platform/db/probe.ts", "../../providers/provider.js"],
  ])("refuses %s importing %s", async (file, specifier) => {
    const found = await refusals(file, specifier);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/ src\/\w+ must not import src\/\w+: /);
  });

  it.each([
    ["src/bridge/queue/probe.ts", "../bridge-schema.js"],
    ["src/bridge/queue/probe.ts", "../../contracts/bridge.js"],
    ["src/bridge/queue/probe.ts", "../../platform/db/database.js"],
    // A folder of the bridge's own that happens to be called "api" is not src/api.
    ["src/bridge/queue/probe.ts", "../api/client.js"],
    ["src/api/chatwoot/probe.ts", "../../contracts/bridge-gateway.js"],
    ["src/providers/baileys/probe.ts", "../../platform/retry.js"],
    ["src/app/probe.ts", "../api/instances/access.js"],
    ["src/app/probe.ts", "../bridge/queue/job-store.js"],
    ["src/contracts/probe.ts", "../platform/outcome.js"],
  ])("lets %s import %s", async (file, specifier) => {
    expect(await refusals(file, specifier)).toEqual([]);
  });
});
