import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./test-support.js";
import { apiFor, request, startHarness } from "./test-support.js";

describe("fault injection", () => {
  let h: Harness;
  let clock = 1_700_000_000_000;
  beforeAll(async () => {
    h = await startHarness({ now: () => clock });
  });
  afterAll(() => h.close());

  const control = () => h.emulator.control;

  it("answers with an HTTP error for N calls of one route, then recovers", async () => {
    const fault = control().addFault({
      kind: "error",
      route: "inboxes.list",
      status: 503,
      times: 2,
    });
    expect((await h.admin("GET", "inboxes")).status).toBe(503);
    const second = await h.admin("GET", "inboxes");
    expect([second.status, second.body]).toEqual([
      503,
      { status: 503, error: "Service Unavailable" },
    ]);
    expect((await h.admin("GET", "inboxes")).status).toBe(200);
    expect(
      control()
        .faults()
        .find((f) => f.id === fault.id),
    ).toBeUndefined();
    expect((await h.admin("GET", "contacts")).status).toBe(200);
  });

  it("serves a custom body and matches by route pattern or method + path regex", async () => {
    control().addFault({
      kind: "error",
      route: "GET /api/v1/accounts/:account_id/contacts",
      status: 500,
      body: "<html>boom</html>",
      times: 1,
    });
    const res = await h.admin("GET", "contacts");
    expect([res.status, res.text]).toEqual([500, "<html>boom</html>"]);
    control().addFault({
      kind: "error",
      method: "POST",
      path: "/contacts$",
      status: 502,
      times: 1,
    });
    expect((await h.admin("GET", "contacts")).status).toBe(200);
    expect((await h.admin("POST", "contacts", { name: "x" })).status).toBe(502);
  });

  it("returns Rack::Attack-style 429s on demand", async () => {
    control().addFault({
      kind: "rate_limit",
      route: "contacts.search",
      retryAfterSeconds: 7,
      times: 1,
    });
    const res = await h.admin("GET", "contacts/search?q=a");
    expect([res.status, res.text, res.headers.get("retry-after")]).toEqual([
      429,
      "Retry later\n",
      "7",
    ]);
  });

  it("adds latency and still answers", async () => {
    const fault = control().addFault({
      kind: "latency",
      route: "inboxes.list",
      latencyMs: 20,
      times: 1,
    });
    const res = await h.admin("GET", "inboxes");
    expect(res.status).toBe(200);
    expect(
      control()
        .faults()
        .some((f) => f.id === fault.id),
    ).toBe(false);
  });

  it("drops the connection without an answer", async () => {
    control().addFault({ kind: "drop", route: "inboxes.list", times: 1 });
    await expect(h.admin("GET", "inboxes")).rejects.toThrow();
    expect((await h.admin("GET", "inboxes")).status).toBe(200);
  });

  it("hangs (a timeout) until the client gives up", async () => {
    control().addFault({ kind: "timeout", route: "inboxes.list", times: 1 });
    const token = h.emulator.accounts[0]!.admin.token;
    const call = request(`${h.emulator.url}/api/v1/accounts/1/inboxes`, {
      headers: { api_access_token: token },
      signal: AbortSignal.timeout(150),
    });
    await expect(call).rejects.toThrow();
    const record = control()
      .calls()
      .filter((c) => c.name === "inboxes.list")
      .at(-1)!;
    expect(record).toMatchObject({ fault: "timeout", status: null });
  });

  it("can hang then close the connection after latencyMs", async () => {
    control().addFault({ kind: "timeout", route: "inboxes.list", latencyMs: 30, times: 1 });
    await expect(h.admin("GET", "inboxes")).rejects.toThrow();
  });

  it("applies time-window faults until the window closes", async () => {
    control().addFault({ kind: "error", route: "inboxes.list", status: 500, forMs: 60_000 });
    expect((await h.admin("GET", "inboxes")).status).toBe(500);
    expect((await h.admin("GET", "inboxes")).status).toBe(500);
    clock += 60_001;
    expect((await h.admin("GET", "inboxes")).status).toBe(200);
  });

  it("can be armed and cleared over HTTP", async () => {
    const armed = await request(`${h.emulator.url}/_emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "error", route: "inboxes.list", status: 500 }),
    });
    expect(armed.body).toMatchObject({ kind: "error", hits: 0 });
    expect((await h.admin("GET", "inboxes")).status).toBe(500);
    const listed = await request(`${h.emulator.url}/_emulator/faults`);
    expect(listed.body[0].hits).toBe(1);
    await request(`${h.emulator.url}/_emulator/faults/${armed.body.id as string}`, {
      method: "DELETE",
    });
    expect((await h.admin("GET", "inboxes")).status).toBe(200);
  });

  it("counts API calls by route (control routes excluded)", async () => {
    control().resetCalls();
    await h.admin("GET", "inboxes");
    await h.admin("GET", "inboxes");
    await h.admin("POST", "contacts", { name: "Counted" });
    await h.anonymous("GET", "contacts");
    await request(`${h.emulator.url}/_emulator/calls/counts`);
    expect(control().callCounts()).toEqual({
      "inboxes.list": 2,
      "contacts.create": 1,
      "contacts.list": 1,
    });
    const calls = control().calls();
    expect(calls.map((c) => c.status)).toEqual([200, 200, 200, 401]);
    expect(calls[2]).toMatchObject({
      method: "POST",
      route: "/api/v1/accounts/:account_id/contacts",
      path: "/api/v1/accounts/1/contacts",
    });
  });
});

describe("rate limiting (Rack::Attack)", () => {
  let h: Harness;
  let clock = 1_700_000_000_000;
  beforeAll(async () => {
    h = await startHarness({
      now: () => clock,
      rateLimit: { enabled: true, perIpPerMinute: 5, contactSearchPerMinute: 2 },
    });
  });
  afterAll(() => h.close());

  it("throttles contact search per account, and every request per IP, per fixed minute", async () => {
    clock = Math.ceil(clock / 60_000) * 60_000;
    expect((await h.admin("GET", "contacts/search?q=a")).status).toBe(200);
    expect((await h.admin("GET", "contacts/search?q=a")).status).toBe(200);
    const third = await h.admin("GET", "contacts/search?q=a");
    expect([third.status, third.text, third.headers.get("retry-after")]).toEqual([
      429,
      "Retry later\n",
      "60",
    ]);
    // Three requests so far from this IP (the throttled search counts too); the limit is 5.
    expect((await h.admin("GET", "inboxes")).status).toBe(200);
    expect((await h.admin("GET", "inboxes")).status).toBe(200);
    expect((await h.admin("GET", "inboxes")).status).toBe(429);
    clock += 60_000;
    expect((await h.admin("GET", "inboxes")).status).toBe(200);
    const other = apiFor(h.emulator, h.emulator.accounts[0]!.agent.token);
    expect((await other("GET", "contacts/search?q=a")).status).toBe(200);
  });

  it("is off when configured so", async () => {
    h.emulator.control.setRateLimit({ enabled: false });
    for (let i = 0; i < 8; i += 1) expect((await h.admin("GET", "inboxes")).status).toBe(200);
  });
});
