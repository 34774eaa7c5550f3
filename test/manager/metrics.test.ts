import parsePrometheusTextFormat, { type PromFamily } from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import {
  connectedInstance,
  inbound,
  startWebhookTarget,
  waitFor,
  type WebhookTarget,
} from "../events/support/helpers.js";

const METRICS_TOKEN = "metrics-token-for-tests-0001";

function family(families: PromFamily[], name: string): PromFamily {
  const found = families.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no metric ${name}`);
  return found;
}

function sample(f: PromFamily, labels: Record<string, string>): number | undefined {
  const match = f.metrics.find((m) =>
    Object.entries(labels).every(([key, value]) => m.labels?.[key] === value),
  );
  return match?.value === undefined ? undefined : Number(match.value);
}

describe("GET /metrics", () => {
  let server: TestServer;
  let target: WebhookTarget;

  beforeAll(async () => {
    target = await startWebhookTarget();
    server = await startTestServer({ env: { METRICS_TOKEN } });
  });
  afterAll(async () => {
    await server.close();
    await target.close();
  });

  const scrape = async (): Promise<PromFamily[]> => {
    const reply = await server.request<string>("GET", "/metrics", {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusTextFormat(reply.body);
  };

  it("refuses a missing or wrong metrics token, and API tokens", async () => {
    const account = await server.createAccount();
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer wrong-token-wrong-token" },
      { authorization: `Bearer ${account.token}` },
      { token: METRICS_TOKEN },
    ];
    for (const headers of attempts) {
      const reply = await server.request("GET", "/metrics", { headers });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ success: false, error: { message: "Invalid metrics token" } });
    }
  });

  it("reports requests per route, events, webhook outcomes and connections", async () => {
    const inst = await connectedInstance(server);
    const hook = await server.request("POST", `/api/events/webhook/${inst.name}`, {
      token: inst.token,
      body: { url: target.url, events: ["message.exchange"] },
    });
    expect(hook.status).toBe(200);
    await inbound(server, inst, { from: "5511999990001", text: "hello" });
    await waitFor(() => target.received.length > 0, "the webhook delivery");

    const families = await waitFor(async () => {
      const all = await scrape();
      const delivered = sample(family(all, "ponte_webhook_deliveries_total"), {
        outcome: "delivered",
      });
      return delivered !== undefined && delivered >= 1 ? all : undefined;
    }, "the delivery to be counted");

    const requests = family(families, "ponte_http_requests_total");
    expect(requests.type).toBe("COUNTER");
    const connectRoute = { method: "GET", route: "/api/instance/connect/:instance", status: "200" };
    expect(sample(requests, connectRoute)).toBe(1);
    // Raw paths (instance names) never become labels.
    expect(requests.metrics.some((m) => m.labels?.route?.includes(inst.name))).toBe(false);

    const latency = family(families, "ponte_http_request_duration_seconds");
    expect(latency.type).toBe("HISTOGRAM");
    // The parser folds labelled histogram series together; the buckets still parse.
    expect(latency.metrics[0]?.buckets?.["+Inf"]).toBeDefined();

    const events = family(families, "ponte_events_recorded_total");
    expect(sample(events, { event: "message.exchange" })).toBe(1);
    expect(sample(events, { event: "instance.state" })).toBeGreaterThanOrEqual(1);

    const connections = family(families, "ponte_connections");
    expect(connections.type).toBe("GAUGE");
    expect(sample(connections, { state: "connected" })).toBe(1);
    expect(sample(connections, { state: "loggedout" })).toBe(0);

    expect(family(families, "ponte_process_cpu_seconds_total").type).toBe("COUNTER");
  });

  it("counts a connection that logs out under its new state", async () => {
    const inst = await connectedInstance(server);
    const before = sample(family(await scrape(), "ponte_connections"), { state: "connected" });
    await server.request("DELETE", `/api/instance/logout/${inst.name}`, { token: inst.token });
    const after = await scrape();
    const connected = sample(family(after, "ponte_connections"), { state: "connected" });
    expect(connected).toBe((before ?? 0) - 1);
  });
});

describe("GET /metrics without METRICS_TOKEN", () => {
  it("is off, and says how to turn it on", async () => {
    const server = await startTestServer();
    try {
      const reply = await server.request("GET", "/metrics", {
        headers: { authorization: "Bearer anything-at-all-here" },
      });
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual({
        success: false,
        error: { message: "Metrics are off: set METRICS_TOKEN to serve them" },
      });
    } finally {
      await server.close();
    }
  });
});
