/**
 * Runs before every API route: resolves the caller's token, counts the request in its
 * rate-limit bucket, and leaves the principal on the request for the route to check.
 * Rejections (401/403/404) are the routes' own, so that 401 and 429 answers also carry
 * the X-RateLimit-* headers.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { HttpServer } from "../../platform/http/server.js";
import { AppError, forbidden } from "../../platform/errors.js";
import { ORIGIN_NOT_ALLOWED, type OriginPolicy } from "./origins.js";
import { hashToken } from "../../platform/crypto.js";
import type { RateLimiter } from "../rate-limit/limiter.js";
import type { Principal } from "./principal.js";
import { presentedToken } from "./principal.js";
import type { AuthService } from "./auth-service.js";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | undefined;
    tokenPresented: boolean;
  }
}

export interface RateLimits {
  global: number;
  instanceCreate: number;
  service: number;
  windowMs: number;
}

export const RATE_LIMIT_EXCEEDED = "Rate limit exceeded. Try again later.";

export function registerRequestAuth(
  app: HttpServer,
  auth: AuthService,
  limiter: RateLimiter,
  limits: RateLimits,
  /** True for a request another ponte process forwarded: it was counted there. */
  countedElsewhere: (request: FastifyRequest) => boolean = () => false,
  origins?: OriginPolicy,
): void {
  app.decorateRequest("principal", undefined);
  app.decorateRequest("tokenPresented", false);

  app.addHook("onRequest", async (request, reply) => {
    // /health ignores tokens and must answer even when the database does not.
    const bucket = request.routeOptions.config.rateLimit;
    // CORS preflights carry no token and are answered by the CORS layer.
    if (bucket === false || request.method === "OPTIONS") return;
    const websocket = request.routeOptions.url?.startsWith("/ws/") === true;
    const token = presentedToken(request.headers, request.query, { websocket });
    request.tokenPresented = token !== undefined;
    request.principal = token === undefined ? undefined : await auth.resolve(token);
    if (countedElsewhere(request)) return;
    await countRequest(request, reply, bucket ?? "global", limiter, limits);
    if (origins !== undefined) await checkOrigin(request, origins);
  });
}

async function countRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  bucket: "global" | "instance-create",
  limiter: RateLimiter,
  limits: RateLimits,
): Promise<void> {
  const principal = request.principal;
  const isService = principal?.kind === "service";
  const limit = isService
    ? limits.service
    : bucket === "instance-create"
      ? limits.instanceCreate
      : limits.global;
  // A request without a valid token is counted per client address (Decisions 8).
  const key = isService
    ? serviceKey(principal.tokenHash, request.params)
    : principal === undefined
      ? `${bucket}:ip:${hashToken(request.ip)}`
      : `${bucket}:tok:${principal.tokenHash}`;
  let window;
  try {
    window = await limiter.hit(key, limits.windowMs);
  } catch (error) {
    // A rate-limit store outage must not take the API down with it: the request passes
    // uncounted and the outage is logged.
    request.log.warn({ err: error }, "rate limiter unavailable; request not counted");
    return;
  }
  const { count, resetAt } = window;
  const remaining = Math.max(0, limit - count);
  const resetSeconds = Math.ceil(resetAt / 1000);
  void reply.headers({
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(resetSeconds),
  });
  if (count > limit) {
    const retryAfter = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
    throw new AppError(429, RATE_LIMIT_EXCEEDED, { "retry-after": String(retryAfter) });
  }
}

/** Longer than any instance name (64) or id (36): such a path names no instance. */
const MAX_INSTANCE_SEGMENT = 64;

/**
 * The gateway acts for every instance with one token, so one bucket for the token would
 * cap the whole gateway at RATE_LIMIT_SERVICE however many instances it serves. Its
 * bucket is per instance named in the path instead: each stays bounded, and one busy
 * instance cannot starve the others. Calls that name no instance share one bucket.
 */
function serviceKey(tokenHash: string, params: unknown): string {
  const instance =
    typeof params === "object" && params !== null && "instance" in params
      ? params.instance
      : undefined;
  const scoped = typeof instance === "string" && instance.length <= MAX_INSTANCE_SEGMENT;
  return scoped ? `service:tok:${tokenHash}:inst:${instance}` : `service:tok:${tokenHash}`;
}

/**
 * A browser page may use a token only from an origin its account allows (pages served
 * by ponte itself, such as /docs, are same-origin and always may).
 */
async function checkOrigin(request: FastifyRequest, origins: OriginPolicy): Promise<void> {
  const origin = request.headers.origin;
  const principal = request.principal;
  if (typeof origin !== "string" || principal === undefined || principal.kind === "service") return;
  if (sameOrigin(origin, request.headers.host)) return;
  if (!(await origins.allowsFor(principal.accountId, origin))) throw forbidden(ORIGIN_NOT_ALLOWED);
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
