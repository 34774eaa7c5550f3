/**
 * Browser access (spec 3): only the configured origins may call the API from a page; the
 * preflight allows the `Content-Type`, `Authorization` and `token` headers; cookies are
 * never used. `/health` is outside CORS. With no origin configured, browsers get no
 * CORS headers at all, so cross-origin calls fail in the browser as the spec describes.
 */
import cors from "@fastify/cors";
import type { HttpServer } from "./server.js";

export async function registerCors(app: HttpServer, origins: string[]): Promise<void> {
  const any = origins.includes("*");
  const allowed = new Set(origins.map((origin) => origin.replace(/\/+$/, "").toLowerCase()));
  await app.register(cors, {
    origin: (origin, callback) => {
      callback(null, origin !== undefined && (any || allowed.has(origin.toLowerCase())));
    },
    methods: ["GET", "POST", "DELETE", "OPTIONS"],
    allowedHeaders: ["Content-Type", "Authorization", "token"],
    exposedHeaders: [
      "X-Request-Id",
      "X-RateLimit-Limit",
      "X-RateLimit-Remaining",
      "X-RateLimit-Reset",
      "Retry-After",
    ],
    credentials: false,
    maxAge: 600,
  });
}
