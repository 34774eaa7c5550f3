import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The package version, read once from package.json (two levels up from src/ or dist/). */
export const PACKAGE_VERSION: string = (require("../../package.json") as { version: string })
  .version;
