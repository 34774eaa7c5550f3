/**
 * The integration gateway's series in `GET /metrics`, parsed by a Prometheus text-format
 * parser: in `serve` beside the API's in one scrape, and in the `bridge` role on the
 * gateway's own server, under the same METRICS_TOKEN rule. A relayed message counts one
 * successful `messages.create`; a message Chatwoot refuses counts one `invalid` and
 * leaves one dead job in the gauges.
 */
import parsePrometheusTextFormat, { type PromFamily } from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BRIDGE_ACTIVATE_PATH } from "../../src/contracts/bridge.js";
import { waitFor } from "../events/support/helpers.js";
import {
  customerSays,
  liveInstance,
  startGateway,
  startSplitGateway,
  waitForMessages,
  type ActiveInstance,
  type Gateway,
} from "../bridge/support/gateway-harness.js";

const METRICS_TOKEN = "metrics-token-for-gateway-tests";

interface Setup {
  gateway: Pick<Gateway, "server" | "chatwoot" | "accountToken" | "close">;
  /** Where this role's gateway metrics are served. */
  metricsUrl: string;
}

function sample(families: PromFamily[], name: string, labels: Record<string, string>) {
  const family = families.find((f) => f.name === name);
  const match = family?.metrics.find((m) =>
    Object.entries(labels).every(([key, value]) => m.labels?.[key] === value),
  );
  return match?.value === undefined ? undefined : Number(match.value);
}

describe.each([
  [
    "serve",
    async (): Promise<Setup> => {
      const gateway = await startGateway({ server: { env: { METRICS_TOKEN } } });
      return { gateway, metricsUrl: `${gateway.server.url}/metrics` };
    },
  ],
  [
    "the bridge role",
    async (): Promise<Setup> => {
      const split = await startSplitGateway({ bridgeEnv: { METRICS_TOKEN } });
      return { gateway: split, metricsUrl: `${split.bridgeUrl}/metrics` };
    },
  ],
])("gateway metrics (%s)", (role, start) => {
  let setup: Setup;
  let instance: ActiveInstance;

  beforeAll(async () => {
    setup = await start();
    instance = await liveInstance(setup.gateway);
  }, 90_000);
  afterAll(async () => {
    await setup.gateway.close();
  });

  const scrape = async (): Promise<{ text: string; families: PromFamily[] }> => {
    const reply = await fetch(setup.metricsUrl, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    const text = await reply.text();
    expect(reply.status, text).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return { text, families: parsePrometheusTextFormat(text) };
  };
  const calls = (families: PromFamily[], outcome: string) =>
    sample(families, "ponte_chatwoot_calls_total", { operation: "messages.create", outcome });
  const jobs = (families: PromFamily[], state: string) =>
    sample(families, "ponte_gateway_jobs", { state });

  it("asks for METRICS_TOKEN", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer not-the-metrics-token" },
    ];
    for (const headers of attempts) {
      const reply = await fetch(setup.metricsUrl, { headers });
      expect(reply.status).toBe(401);
      expect(await reply.json()).toEqual({
        success: false,
        error: { message: "Invalid metrics token" },
      });
    }
  });

  it("counts a relayed message's Chatwoot call and shows an empty queue", async () => {
    await customerSays(setup.gateway, instance, "5511966660001", "hello");
    await waitForMessages(
      setup.gateway,
      instance.inboxId,
      (messages) => messages.some((m) => m.content === "hello"),
      "the relayed message",
    );
    // A scrape is no snapshot: the gauges read the database after the counters were
    // read, so one scrape can show a job finished before its call is counted. Wait for
    // a scrape that shows both.
    const { text, families } = await waitFor(async () => {
      const scraped = await scrape();
      return jobs(scraped.families, "pending") === 0 &&
        jobs(scraped.families, "running") === 0 &&
        calls(scraped.families, "ok") === 1
        ? scraped
        : undefined;
    }, "the queue to drain");
    expect(calls(families, "ok")).toBe(1);
    expect(calls(families, "invalid")).toBeUndefined();
    expect(jobs(families, "dead")).toBe(0);
    expect(sample(families, "ponte_gateway_job_oldest_age_seconds", { state: "dead" })).toBe(0);
    expect(text).toMatch(
      /^ponte_chatwoot_call_duration_seconds_count\{operation="messages\.create"\} 1$/m,
    );
    // Activation created the instance's inbox: that call is counted too.
    expect(
      sample(families, "ponte_chatwoot_calls_total", {
        operation: "inboxes.create",
        outcome: "ok",
      }),
    ).toBe(1);
    // Every role counts the HTTP requests its server answered: in serve the API's and the
    // gateway's routes share one registry; the bridge role counts the gateway's own routes,
    // here the activation the API sent it.
    const requests = (route: string) =>
      sample(families, "ponte_http_requests_total", { method: "POST", route, status: "201" });
    expect(requests(BRIDGE_ACTIVATE_PATH)).toBe(role === "serve" ? undefined : 1);
    expect(requests("/api/chatwoot/set/:instance")).toBe(role === "serve" ? 1 : undefined);
  });

  it("counts a call Chatwoot refused, and the dead job it left, with its age", async () => {
    setup.gateway.chatwoot.control.addFault({
      kind: "error",
      status: 422,
      route: "messages.create",
      times: 1,
      body: { message: "Content is invalid" },
    });
    await customerSays(setup.gateway, instance, "5511966660002", "refused");
    const { families } = await waitFor(
      async () => {
        const scraped = await scrape();
        return jobs(scraped.families, "dead") === 1 && calls(scraped.families, "invalid") === 1
          ? scraped
          : undefined;
      },
      "the dead job in the gauges",
      30_000,
    );
    expect(calls(families, "invalid")).toBe(1);
    expect(calls(families, "ok")).toBe(1);
    const age = sample(families, "ponte_gateway_job_oldest_age_seconds", { state: "dead" });
    expect(age).toBeGreaterThanOrEqual(0);
    expect(families.find((f) => f.name === "ponte_gateway_jobs")?.type).toBe("GAUGE");
    expect(families.find((f) => f.name === "ponte_chatwoot_calls_total")?.type).toBe("COUNTER");
  });
});
