import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * What can go wrong between ponte and Chatwoot:
 * - `latency`: answer normally, `latencyMs` later;
 * - `error`: an HTTP error (`status`, default 500; optional `body`);
 * - `rate_limit`: Rack::Attack's 429 "Retry later" with Retry-After;
 * - `timeout`: accept the request and never answer (or drop it after `latencyMs`);
 * - `drop`: close the connection without a response.
 */
export type FaultKind = "latency" | "error" | "rate_limit" | "timeout" | "drop";

export interface FaultRule {
  kind: FaultKind;
  /** A route name ("messages.create") or pattern ("POST /api/v1/accounts/:account_id/contacts"). */
  route?: string;
  /** Only for this HTTP method. */
  method?: string;
  /** A regular expression (or its source) tested against the request path. */
  path?: RegExp | string;
  /** Apply to this many matching calls, then expire. */
  times?: number;
  /** Apply for this long from now, then expire. */
  forMs?: number;
  latencyMs?: number;
  status?: number;
  body?: unknown;
  retryAfterSeconds?: number;
}

export interface ActiveFault extends FaultRule {
  id: string;
  hits: number;
  expiresAt: number | null;
}

export interface RequestTarget {
  name: string;
  route: string;
  method: string;
  path: string;
}

function matches(rule: ActiveFault, t: RequestTarget): boolean {
  if (rule.method && rule.method.toUpperCase() !== t.method) return false;
  if (rule.route && rule.route !== t.name && rule.route !== `${t.method} ${t.route}`) return false;
  if (rule.path !== undefined) {
    const re = typeof rule.path === "string" ? new RegExp(rule.path) : rule.path;
    if (!re.test(t.path)) return false;
  }
  return true;
}

/** The faults currently armed; matching a call consumes one of its `times`. */
export class FaultInjector {
  private rules: ActiveFault[] = [];

  constructor(private readonly now: () => number) {}

  add(rule: FaultRule): ActiveFault {
    const active: ActiveFault = {
      ...rule,
      id: randomUUID(),
      hits: 0,
      expiresAt: rule.forMs === undefined ? null : this.now() + rule.forMs,
    };
    this.rules.push(active);
    return active;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveFault[] {
    this.expire();
    return this.rules.map((r) => ({ ...r }));
  }

  /** Latency rules add up; the first other matching rule decides the outcome. */
  take(target: RequestTarget): { latencyMs: number; fault: ActiveFault | null } {
    this.expire();
    let latencyMs = 0;
    let fault: ActiveFault | null = null;
    for (const rule of this.rules) {
      if (!matches(rule, target)) continue;
      if (rule.kind === "latency") {
        latencyMs += rule.latencyMs ?? 0;
      } else if (fault === null) {
        fault = rule;
      } else {
        continue;
      }
      rule.hits += 1;
    }
    this.expire();
    return { latencyMs, fault };
  }

  private expire(): void {
    const now = this.now();
    this.rules = this.rules.filter(
      (r) =>
        (r.times === undefined || r.hits < r.times) && (r.expiresAt === null || now < r.expiresAt),
    );
  }
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Carries out a non-latency fault. Hijacked sockets are tracked so `close()` can end
 * requests that were told to hang.
 */
export async function applyFault(
  fault: ActiveFault,
  request: FastifyRequest,
  reply: FastifyReply,
  held: Set<import("node:net").Socket>,
): Promise<void> {
  const socket = request.raw.socket;
  if (fault.kind === "drop" || fault.kind === "timeout") {
    reply.hijack();
    if (fault.kind === "drop") {
      socket.destroy();
      return;
    }
    held.add(socket);
    socket.once("close", () => held.delete(socket));
    if (fault.latencyMs !== undefined) setTimeout(() => socket.destroy(), fault.latencyMs).unref();
    return;
  }
  if (fault.kind === "rate_limit") {
    await reply
      .code(429)
      .header("content-type", "text/plain")
      .header("retry-after", String(fault.retryAfterSeconds ?? 60))
      .send("Retry later\n");
    return;
  }
  const status = fault.status ?? 500;
  const body = fault.body ?? { status, error: STATUS_CODES[status] ?? "Error" };
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const type = typeof body === "string" ? "text/plain" : "application/json; charset=utf-8";
  await reply.code(status).header("content-type", type).send(text);
}
