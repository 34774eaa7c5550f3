/**
 * The security suite every route passes (STYLE.md 11): no token, a bad token, another
 * account's token, another instance's token, and the rate limit with its headers.
 */
import { clearOfWindowEdge } from "./rate-window.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./server.js";

export interface RouteCase {
  method: "GET" | "POST" | "DELETE";
  /** The path for an instance name. */
  path: (instance: string) => string;
  body?: unknown;
  /** `account`: TokenAccount only (create, delete); `instance`: either token. */
  access: "account" | "instance";
  /** The 404 text when another account's token names the instance. */
  notFound?: string;
  /** Rate-limit bucket, when not the global one. */
  bucket?: "instance-create";
  env?: Record<string, string>;
}

const LIMIT = 3;

interface Fixture {
  server: TestServer;
  accountToken: string;
  instanceName: string;
  instanceToken: string;
  otherAccountToken: string;
  otherInstanceToken: string;
}

async function fixture(env: Record<string, string>): Promise<Fixture> {
  const server = await startTestServer({ env });
  const account = await server.createAccount("Owner");
  const other = await server.createAccount("Other");
  const mine = await server.createInstance(account.token);
  const sibling = await server.createInstance(account.token);
  return {
    server,
    accountToken: account.token,
    instanceName: mine.name,
    instanceToken: mine.token,
    otherAccountToken: other.token,
    otherInstanceToken: sibling.token,
  };
}

export function describeRouteSecurity(
  title: string,
  routes: RouteCase[],
  env: Record<string, string> = {},
): void {
  describe(`security: ${title}`, () => {
    let f: Fixture;
    let limited: Fixture;
    beforeAll(async () => {
      f = await fixture({
        RATE_LIMIT_GLOBAL: "100000",
        RATE_LIMIT_INSTANCE_CREATE: "100000",
        ...env,
      });
      limited = await fixture({
        RATE_LIMIT_GLOBAL: String(LIMIT),
        RATE_LIMIT_INSTANCE_CREATE: String(LIMIT),
        ...env,
      });
    });
    afterAll(async () => {
      await f.server.close();
      await limited.server.close();
    });

    const send = (fx: Fixture, route: RouteCase, token?: string) =>
      fx.server.request(route.method, route.path(fx.instanceName), { token, body: route.body });

    for (const route of routes) {
      const name = `${route.method} ${route.path(":instance")}`;

      it(`${name} without a token → 401`, async () => {
        const reply = await send(f, route);
        expect(reply.status).toBe(401);
        expect(reply.body).toEqual({
          success: false,
          error: { message: "Missing token in header, Authorization header, or query parameter" },
        });
        expect(reply.headers.get("x-request-id")).toBeTruthy();
      });

      it(`${name} with an unknown token → 401 Invalid token`, async () => {
        const reply = await send(f, route, "not-a-real-token");
        expect(reply.status).toBe(401);
        expect(reply.body).toEqual({ success: false, error: { message: "Invalid token" } });
      });

      it(`${name} with another account's token → not found`, async () => {
        const reply = await send(f, route, f.otherAccountToken);
        if (route.access === "account" && route.bucket === "instance-create") {
          // Creation names no instance: another account's token creates in its own account.
          expect(reply.status).toBe(201);
          return;
        }
        expect(reply.status).toBe(404);
        expect(reply.body).toEqual({
          success: false,
          error: { message: route.notFound ?? "Instance not found" },
        });
      });

      it(`${name} with another instance's token → refused`, async () => {
        const reply = await send(f, route, f.otherInstanceToken);
        if (route.access === "account") {
          expect(reply.status).toBe(401);
          expect(reply.body).toEqual({ success: false, error: { message: "Invalid token" } });
        } else {
          expect(reply.status).toBe(403);
          expect(reply.body).toEqual({
            success: false,
            error: { message: "Instance token does not match this instance" },
          });
        }
      });

      it(`${name} is rate limited per token, with headers on every answer`, async () => {
        const { token, instanceName } = await freshCaller(limited.server, route.access);
        const path = route.path(instanceName);
        await clearOfWindowEdge();
        for (let i = LIMIT - 1; i >= 0; i -= 1) {
          const reply = await limited.server.request(route.method, path, {
            token,
            body: route.body,
          });
          expect(reply.status).not.toBe(429);
          expect(reply.headers.get("x-ratelimit-limit")).toBe(String(LIMIT));
          expect(reply.headers.get("x-ratelimit-remaining")).toBe(String(i));
        }
        const over = await limited.server.request(route.method, path, { token, body: route.body });
        expect(over.status).toBe(429);
        expect(over.body).toEqual({
          success: false,
          error: { message: "Rate limit exceeded. Try again later." },
        });
        expect(over.headers.get("x-ratelimit-remaining")).toBe("0");
        expect(Number(over.headers.get("x-ratelimit-reset"))).toBeGreaterThan(
          Date.now() / 1000 - 1,
        );
        expect(Number(over.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        // Per token: another caller's bucket is untouched.
        const other = await freshCaller(limited.server, route.access);
        const theirs = await limited.server.request(route.method, route.path(other.instanceName), {
          token: other.token,
          body: route.body,
        });
        expect(theirs.status).not.toBe(429);
        expect(theirs.headers.get("x-ratelimit-remaining")).toBe(String(LIMIT - 1));
      });
    }
  });
}

/** A new account and instance made without HTTP, so that no bucket is touched. */
async function freshCaller(
  server: TestServer,
  access: RouteCase["access"],
): Promise<{ token: string; instanceName: string }> {
  const account = await server.runtime.auth.createAccount("Limited", 10);
  const instanceName = `rl-${Math.random().toString(36).slice(2, 10)}`;
  const created = await server.runtime.instances.create(account.id, {
    name: instanceName,
    provider: "sandbox",
  });
  return { token: access === "account" ? account.token : created.token, instanceName };
}
