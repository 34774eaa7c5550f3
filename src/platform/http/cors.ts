/**
 * Browser access (spec 3): only allowed origins (decided by the caller's `mayCall`) get
 * CORS headers; the preflight allows the `Content-Type`, `Authorization` and `token`
 * headers; cookies are never used. An origin nobody allows gets no CORS headers at all,
 * so the browser refuses the call, as the spec describes.
 */
import cors from "@fastify/cors";
import type { HttpServer } from "./server.js";

export async function registerCors(
  app: HttpServer,
  mayCall: (origin: string) => Promise<boolean>,
): Promise<void> {
  await app.register(cors, {
    origin: (origin, callback) => {
      if (origin === undefined) {
        callback(null, false);
        return;
      }
      mayCall(origin).then(
        (allowed) => callback(null, allowed),
        (error: unknown) =>
          callback(error instanceof Error ? error : new Error(String(error)), false),
      );
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
