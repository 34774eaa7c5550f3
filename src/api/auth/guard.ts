/** The check a route runs on the principal that request-auth left on the request. */
import type { FastifyRequest } from "fastify";
import { requireAccount } from "./auth-service.js";

export function accountOf(request: FastifyRequest): string {
  return requireAccount(request.principal, request.tokenPresented).accountId;
}
