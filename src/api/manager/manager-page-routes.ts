/**
 * `GET /manager`: the manager web page (docs/manager.md). Same-origin with the API, so
 * CORS does not apply; the page reads no token from the URL and the routes read none
 * either (they are outside the rate limit and token resolution, like /health). A strict
 * Content-Security-Policy allows only the page's own files and its own API.
 */
import type { FastifyReply } from "fastify";
import type { HttpServer } from "../../platform/http/server.js";
import { errorEnvelope } from "../../platform/errors.js";
import type { Asset } from "./manager-assets.js";

export const MANAGER_NOT_BUILT =
  "The manager page is not built: run `npm run build` (npm ci does it) and restart ponte";

export const MANAGER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export function registerManagerPage(app: HttpServer, assets: ReadonlyMap<string, Asset>): void {
  const config = { rateLimit: false as const };
  const schema = { hide: true };
  // The server ignores trailing slashes, so this answers /manager/ too; the page's asset
  // paths are absolute (/manager/assets/…), so either address works.
  app.get("/manager", { config, schema }, (_request, reply) => serve(reply, assets, "index.html"));
  app.get<{ Params: { "*": string } }>("/manager/*", { config, schema }, (request, reply) =>
    serve(reply, assets, request.params["*"] === "" ? "index.html" : request.params["*"]),
  );
}

function serve(
  reply: FastifyReply,
  assets: ReadonlyMap<string, Asset>,
  wanted: string,
): FastifyReply {
  const asset = assets.get(wanted);
  if (asset !== undefined) return send(reply, asset);
  if (!assets.has("index.html")) return reply.code(503).send(errorEnvelope(MANAGER_NOT_BUILT));
  return reply.code(404).send(errorEnvelope(`Route GET /manager/${wanted} not found`));
}

function send(reply: FastifyReply, asset: Asset): FastifyReply {
  return reply
    .type(asset.contentType)
    .headers({
      "cache-control": asset.immutable ? "public, max-age=31536000, immutable" : "no-cache",
      "content-security-policy": MANAGER_CSP,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "x-frame-options": "DENY",
    })
    .send(asset.body);
}
