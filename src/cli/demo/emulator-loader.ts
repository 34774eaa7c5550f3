/**
 * Loads the Chatwoot emulator (tools/chatwoot-emulator) for the demo. The emulator is a
 * dev tool outside `src/`, so the server's build never bundles it: `npm run build`
 * compiles it on its own into `dist/tools/`, beside `dist/cli/`. Run from the compiled
 * CLI, this loads that JavaScript; run from the sources (tsx, the tests), it loads the
 * TypeScript sources. Either way it is loaded only when `ponte demo` runs, never by a
 * server role.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";

/** The part of the emulator the demo uses; the rest goes through its HTTP control API. */
export interface DemoChatwoot {
  url: string;
  accounts: DemoChatwootAccount[];
  close(): Promise<void>;
}

export interface DemoChatwootAccount {
  id: number;
  name: string;
  admin: { id: number; name: string; token: string };
}

export type StartChatwoot = (options: { port: number; host: string }) => Promise<DemoChatwoot>;

/** Where the emulator's entry module is, seen from this file (compiled or source). */
export function emulatorLocation(self: string = import.meta.url): URL {
  // dist/cli/demo/x.js → dist/tools/…; src/cli/demo/x.ts → tools/… at the package root.
  return self.endsWith(".ts")
    ? new URL("../../../tools/chatwoot-emulator/emulator.ts", self)
    : new URL("../../tools/chatwoot-emulator/emulator.js", self);
}

export class EmulatorUnavailable extends Error {}

export async function loadChatwootEmulator(
  location: URL = emulatorLocation(),
): Promise<StartChatwoot> {
  if (!fs.existsSync(fileURLToPath(location))) {
    throw new EmulatorUnavailable(
      `the Chatwoot emulator is not built (${fileURLToPath(location)} is missing): run \`npm run build\`, or run the demo from the sources with \`npx tsx src/cli/main.ts demo\``,
    );
  }
  let loaded: unknown;
  try {
    loaded = await import(location.href);
  } catch (error) {
    // Its dependencies are the package's own (fastify and its multipart plugin).
    throw new EmulatorUnavailable(
      `the Chatwoot emulator could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (
    typeof loaded !== "object" ||
    loaded === null ||
    !("startChatwootEmulator" in loaded) ||
    typeof loaded.startChatwootEmulator !== "function"
  ) {
    throw new EmulatorUnavailable(`${location.href} does not export startChatwootEmulator`);
  }
  // The shape is checked at compile time by test/cli/demo.test.ts against the emulator's own.
  return loaded.startChatwootEmulator as StartChatwoot;
}
