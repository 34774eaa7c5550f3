// The manager page's build: a static bundle under /manager/, no CDN, nothing fetched
// at run time (docs/manager.md). Preact's JSX runtime is named in tsconfig.json.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/manager/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // One small bundle; no module-preload polyfill (it would be an inline script).
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
});
