/**
 * The manager page's built files (web/, built into web/dist by `npm run build`, which
 * `npm ci` runs through `prepare`), read once at start and served from memory: the
 * bundle is small, and serving only files that were listed at start means no request
 * path ever reaches the file system.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface Asset {
  body: Buffer;
  contentType: string;
  /** Vite names bundles by content hash: they never change under the same name. */
  immutable: boolean;
}

/** From src/api/manager/ and from dist/api/manager/ alike, three levels up is the package. */
export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL("../../../web/dist/", import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

/** The files by their path under /manager/ (`index.html`, `assets/index-3f2a.js`, …). */
export function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!fs.existsSync(path.join(dir, "index.html"))) return assets;
  for (const relative of listFiles(dir, "")) {
    const contentType = CONTENT_TYPES[path.extname(relative).toLowerCase()];
    if (contentType === undefined) continue;
    assets.set(relative, {
      body: fs.readFileSync(path.join(dir, relative)),
      contentType,
      immutable: relative.startsWith("assets/"),
    });
  }
  return assets;
}

function listFiles(root: string, prefix: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, prefix), { withFileTypes: true })) {
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...listFiles(root, relative));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}
