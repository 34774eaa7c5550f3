/**
 * The security suite every route passes (STYLE.md 11): no token, a bad token, another
 * account's token, another instance's token, and the rate limit with its headers. It
 * runs over the routes the server actually registers (not a list kept by hand): a
 * registered route without a case in route-cases.ts, and a case or public route the
 * server no longer registers, each fail a test of their own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/platform/clock.js";
import {
  PUBLIC_ROUTES,
  ROTATING_ROUTES,
  ROUTE_CASES,
  type Access,
  type RouteCase,
} from "./route-cases.js";
import { startTestServer, type TestServer } from "./server.js";

const LIMIT = 3;
const MISSING = "Missing token in header, Authorization header, or query parameter";
const envelope = (message: string) => ({ success: false, error: { message } });

interface Fixture {
  server: TestServer;
  instanceName: string;
  instanceId: string;
  otherAccountToken: string;
  otherInstanceToken: string;
}

async function fixture(env: Record<string, string>, clock?: ManualClock): Promise<Fixture> {
  const server = await startTestServer({ env, ...(clock !== undefined ? { clock } : {}) });
  const account = await server.createAccount("Owner");
  const other = await server.createAccount("Other");
  const mine = await server.createInstance(account.token);
  const sibling = await server.createInstance(account.token);
  return {
    server,
    instanceName: mine.name,
    instanceId: mine.id,
    otherAccountToken: other.token,
    otherInstanceToken: sibling.token,
  };
}

/** The routes a server with this environment registers, as `METHOD /url` keys. */
async function registeredRoutes(env: Record<string, string>): Promise<string[]> {
  const probe = await startTestServer({ env });
  const keys = probe.routes.map((route) => `${route.method} ${route.url}`);
  await probe.close();
  // Fastify adds a HEAD twin to every GET; the GET's case covers it.
  return [...new Set(keys)].filter(
    (key) => !(key.startsWith("HEAD ") && keys.includes(`GET ${key.slice(5)}`)),
  );
}

function pathOf(key: string, route: RouteCase, instance: { name: string; id: string }): string {
  const url = key.slice(key.indexOf(" ") + 1);
  const named = route.access === "service" ? instance.id : instance.name;
  return `${url.replace(":instance", named)}${route.query ?? ""}`;
}

/**
 * Declares the suite for every route a server with `env` registers. Awaited at the top
 * of a test file: the routes must be known before the tests are declared.
 */
export async function describeRouteSecurity(
  title: string,
  env: Record<string, string>,
): Promise<void> {
  const registered = await registeredRoutes(env);
  describe(`security: ${title}`, () => {
    const fixtures = {
      open: undefined as Fixture | undefined,
      limited: undefined as Fixture | undefined,
    };
    beforeAll(async () => {
      const limits = { RATE_LIMIT_INSTANCE_CREATE: "100000", RATE_LIMIT_SERVICE: "100000" };
      fixtures.open = await fixture({ RATE_LIMIT_GLOBAL: "100000", ...limits, ...env });
      // A clock that stands still: no rate-limit window ends in the middle of a test.
      fixtures.limited = await fixture(
        {
          RATE_LIMIT_GLOBAL: String(LIMIT),
          RATE_LIMIT_INSTANCE_CREATE: String(LIMIT),
          RATE_LIMIT_SERVICE: String(LIMIT),
          ...env,
        },
        new ManualClock(),
      );
    });
    afterAll(async () => {
      await fixtures.open?.server.close();
      await fixtures.limited?.server.close();
    });
    const open = () => fixtures.open!;
    const limited = () => fixtures.limited!;

    describeInventory(registered);
    for (const key of registered) {
      const route = ROUTE_CASES[key];
      if (route === undefined) continue;
      describeTokenChecks(key, route, open, env);
      describeRateLimit(key, route, limited, env);
    }
  });
}

/** Every registered route is either a case or public by design, and nothing stale is. */
function describeInventory(registered: string[]): void {
  for (const key of registered) {
    it(`${key} has a security case (or is public by design)`, () => {
      const declared =
        ROUTE_CASES[key] !== undefined ||
        PUBLIC_ROUTES[key] !== undefined ||
        ROTATING_ROUTES[key] !== undefined;
      expect(declared, `declare ${key} in test/support/route-cases.ts`).toBe(true);
    });
  }
  it("declares no case for a route the server does not register", () => {
    const stale = [
      ...Object.keys(ROUTE_CASES),
      ...Object.keys(PUBLIC_ROUTES),
      ...Object.keys(ROTATING_ROUTES),
    ].filter((key) => !registered.includes(key));
    expect(stale).toEqual([]);
  });
}

function describeTokenChecks(
  key: string,
  route: RouteCase,
  fx: () => Fixture,
  env: Record<string, string>,
): void {
  const send = (token?: string) => {
    const f = fx();
    const path = pathOf(key, route, { name: f.instanceName, id: f.instanceId });
    return f.server.request(key.split(" ")[0] ?? "GET", path, { token, body: route.body });
  };

  it(`${key} without a token → 401`, async () => {
    const reply = await send();
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual(envelope(MISSING));
    expect(reply.headers.get("x-request-id")).toBeTruthy();
  });

  it(`${key} with an unknown token → 401 Invalid token`, async () => {
    const reply = await send("not-a-real-token");
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual(envelope("Invalid token"));
  });

  it(`${key} with another account's token → refused or its own`, async () => {
    const reply = await send(fx().otherAccountToken);
    expectForeign(reply, route, fx().instanceName, "account");
  });

  it(`${key} with another instance's token → refused or its own`, async () => {
    const reply = await send(fx().otherInstanceToken);
    expectForeign(reply, route, fx().instanceName, "instance");
  });

  if (route.access === "service") {
    it(`${key} with the service token → not refused`, async () => {
      // A plain GET is no WebSocket upgrade: once admitted it is not found as a route.
      const reply = await send(env.BRIDGE_TOKEN);
      expect([401, 403]).not.toContain(reply.status);
      expect(reply.body).not.toEqual(envelope("Instance not found"));
    });
  }
}

/** What a token of another account, or of another instance, gets from the route. */
function expectForeign(
  reply: Awaited<ReturnType<TestServer["request"]>>,
  route: RouteCase,
  ownInstance: string,
  whose: "account" | "instance",
): void {
  const expected: Record<Access, () => void> = {
    instance: () =>
      whose === "account"
        ? expectReply(reply, 404, route.notFound ?? "Instance not found")
        : expectReply(reply, 403, "Instance token does not match this instance"),
    account: () =>
      whose === "account"
        ? expectReply(reply, 404, route.notFound ?? "Instance not found")
        : expectReply(reply, 401, "Invalid token"),
    // Creation names no instance: another account's token creates in its own account.
    create: () =>
      whose === "account"
        ? expect(reply.status).toBe(201)
        : expectReply(reply, 401, "Invalid token"),
    // The caller sees its own instances, never ours.
    caller: () => {
      expect(reply.status).toBe(200);
      expect(JSON.stringify(reply.body)).not.toContain(ownInstance);
    },
    pathless: () => expectReply(reply, 400, "Instance name is required"),
    service: () => expectReply(reply, 401, "Invalid token"),
  };
  expected[route.access]();
}

function expectReply(reply: { status: number; body: unknown }, status: number, message: string) {
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual(envelope(message));
}

function describeRateLimit(
  key: string,
  route: RouteCase,
  fx: () => Fixture,
  env: Record<string, string>,
): void {
  const method = key.split(" ")[0] ?? "GET";
  it(`${key} is rate limited per ${route.access === "service" ? "instance" : "token"}, with headers on every answer`, async () => {
    const server = fx().server;
    const mine = await freshCaller(server, route.access, env);
    const send = (caller: Caller) =>
      server.request(method, pathOf(key, route, caller), { token: caller.token, body: route.body });
    for (let i = LIMIT - 1; i >= 0; i -= 1) {
      const reply = await send(mine);
      expect(reply.status).not.toBe(429);
      expect(reply.headers.get("x-ratelimit-limit")).toBe(String(LIMIT));
      expect(reply.headers.get("x-ratelimit-remaining")).toBe(String(i));
    }
    const over = await send(mine);
    expect(over.status).toBe(429);
    expect(over.body).toEqual(envelope("Rate limit exceeded. Try again later."));
    expect(over.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(over.headers.get("x-ratelimit-reset"))).toBeGreaterThan(0);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Another caller's bucket is untouched.
    const theirs = await send(await freshCaller(server, route.access, env));
    expect(theirs.status).not.toBe(429);
    expect(theirs.headers.get("x-ratelimit-remaining")).toBe(String(LIMIT - 1));
  });
}

interface Caller {
  token: string;
  name: string;
  id: string;
}

/**
 * A new account and instance made without HTTP, so that no bucket is touched; the token
 * is the one the route is called with (the gateway's is one for all: its buckets are
 * per instance).
 */
async function freshCaller(
  server: TestServer,
  access: Access,
  env: Record<string, string>,
): Promise<Caller> {
  const account = await server.runtime.auth.createAccount("Limited", 10);
  const name = `rl-${Math.random().toString(36).slice(2, 10)}`;
  const created = await server.runtime.instances.create(account.id, { name, provider: "sandbox" });
  const tokens: Record<Access, string | undefined> = {
    instance: created.token,
    caller: created.token,
    pathless: created.token,
    account: account.token,
    create: account.token,
    service: env.BRIDGE_TOKEN,
  };
  return { token: tokens[access] ?? "", name, id: created.view.id };
}
