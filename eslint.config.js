import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Which parts of src/ must never import which (STYLE.md 1, DESIGN.md "The parts"): the
 * API and the bridge meet only in src/contracts and over HTTP/WebSocket, providers only
 * emit events, and src/platform and src/contracts sit below everything. Only src/app
 * (and src/cli) compose the parts.
 */
const BOUNDARIES = {
  api: {
    forbidden: ["bridge"],
    why: "the API and the bridge meet only in src/contracts; src/app composes them",
  },
  bridge: {
    forbidden: ["api"],
    why: "the API and the bridge meet only in src/contracts; src/app composes them",
  },
  providers: {
    forbidden: ["api", "bridge"],
    why: "providers only emit events; integrations subscribe to them",
  },
  contracts: {
    forbidden: ["api", "bridge", "providers", "app", "cli"],
    why: "contracts are the shapes both sides share and depend on neither",
  },
  platform: {
    forbidden: ["api", "bridge", "providers", "contracts", "app", "cli"],
    why: "the platform sits below every part",
  },
};
/** Deepest folder nesting below a part that the rules cover. */
const MAX_DEPTH = 8;

/**
 * `no-restricted-imports` sees the import as written, so each depth below a part gets
 * its own block: from src/bridge/queue/x.ts, src/api is `../../api/…` (or the detour
 * `../../../src/api/…`), while `../api/…` would be a folder of the bridge's own.
 */
function boundaryBlocks() {
  const blocks = [];
  for (const [from, { forbidden, why }] of Object.entries(BOUNDARIES)) {
    for (let depth = 1; depth <= MAX_DEPTH; depth += 1) {
      const up = "\\.\\./".repeat(depth);
      blocks.push({
        files: [`src/${from}/${"*/".repeat(depth - 1)}*.ts`],
        rules: {
          "no-restricted-imports": [
            "error",
            {
              patterns: forbidden.map((to) => ({
                regex: `^${up}(\\.\\./src/)?${to}(/|\\.js$|$)`,
                message: `src/${from} must not import src/${to}: ${why}.`,
              })),
            },
          ],
        },
      });
    }
  }
  return blocks;
}

/** The boundary rules alone (test/lint/boundaries.test.ts proves they fire). */
export const boundaries = boundaryBlocks();

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "data/**", "coverage/**", "web/dist/**"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // Arrow shorthands that return a void call read well; the rule only adds braces.
      "@typescript-eslint/no-confusing-void-expression": "off",
    },
  },
  {
    files: ["**/*.test.ts", "test/**", "bench/**", "tools/**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  ...boundaries,
  { files: ["**/*.js"], ...tseslint.configs.disableTypeChecked },
);
