/**
 * Section 4: the API's req/s and p99 under autocannon, each endpoint next to a bare
 * Fastify route in the same process and run that answers the endpoint's own answer (the
 * same status and JSON body, taken from one real request before the load), so the ratio
 * compares ponte's work with the cost of carrying the same answer. Each figure's "how"
 * says what the request does besides answering.
 */
import autocannon from "autocannon";
import Fastify from "fastify";
import {
  activeInstance,
  sandboxInstance,
  setBody,
} from "../../test/bridge/support/gateway-harness.js";
import { FLOOR_PATH } from "./floor.js";
import type { Gateway } from "./gateway.js";
import { median, percentile, progress, repeat, type Figures } from "./stats.js";

export interface ApiOptions {
  db: string;
  durationS: number;
  runs: number;
  connections: number;
  /** Only these endpoint keys (bench/api-only.ts); every endpoint by default. */
  only?: string[];
  /** Wraps each endpoint's own load (not the bare route's), e.g. to profile it. */
  around?: <T>(key: string, run: () => Promise<T>) => Promise<T>;
}

interface Load {
  perSecond: number;
  p99Ms: number;
  /** CPU time of this process (server and load generator) per request, in µs. */
  cpuUsPerRequest: number;
}

async function cannon(
  url: string,
  requests: autocannon.Request[],
  options: ApiOptions,
  connections = options.connections,
): Promise<Load> {
  const cpu = process.cpuUsage();
  const result = await autocannon({ url, requests, connections, duration: options.durationS });
  const used = process.cpuUsage(cpu);
  if (result.non2xx > 0 || result.errors > 0) {
    const statuses = Object.entries(result.statusCodeStats ?? {})
      .map(([status, { count }]) => `${status} × ${count ?? 0}`)
      .join(", ");
    throw new Error(
      `bench: ${url} answered ${result.non2xx} non-2xx, ${result.errors} errors (${statuses})`,
    );
  }
  return {
    perSecond: result.requests.average,
    p99Ms: result.latency.p99,
    cpuUsPerRequest: (used.user + used.system) / Math.max(1, result.requests.total),
  };
}

/** What the bare route answers to a method: an endpoint's real answer. */
type Answers = Map<string, { status: number; body: unknown }>;

interface BareRoute {
  url: string;
  answers: Answers;
  close: () => Promise<void>;
}

async function bareRoute(): Promise<BareRoute> {
  const app = Fastify({ logger: false });
  const answers: Answers = new Map();
  app.route({
    method: ["GET", "POST", "DELETE"],
    url: "/bare",
    // Serialised on every request, as the endpoint's answer is.
    handler: (request, reply) => {
      const answer = answers.get(request.method);
      return reply.code(answer?.status ?? 200).send(answer?.body ?? {});
    },
  });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return { url, answers, close: () => app.close() };
}

/** Sends one of an endpoint's requests; a failure ends the run. */
async function send(
  url: string,
  r: autocannon.Request,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}${r.path}`, {
    method: r.method ?? "GET",
    headers: r.headers as Record<string, string>,
    ...(r.body === undefined ? {} : { body: r.body as string }),
  });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`bench: ${r.path} answered ${response.status}`);
  return { status: response.status, body };
}

/** Sends the endpoint's requests once and keeps each answer for the bare route. */
async function sampleAnswers(url: string, endpoint: Endpoint): Promise<Answers> {
  const answers: Answers = new Map();
  for (const r of endpoint.requests) answers.set(r.method ?? "GET", await send(url, r));
  return answers;
}

interface Endpoint {
  name: string;
  key: string;
  /** What the request does besides answering, for the figures' "how". */
  does: string;
  requests: autocannon.Request[];
  /** Requests that make one operation (a delete + set cycle is two). */
  perOperation?: number;
  /**
   * Sent after each run, which may stop inside a cycle: the next run must start where
   * a cycle starts (a delete after a delete is a 404).
   */
  restore?: autocannon.Request;
  connections?: number;
}

async function endpoints(gateway: Gateway): Promise<Endpoint[]> {
  const { server } = gateway;
  const active = await activeInstance(gateway);
  const listed = await server.createAccount("Listing", 200);
  for (let i = 0; i < 100; i += 1) {
    await server.createInstance(listed.token, { name: `list-${String(i).padStart(3, "0")}` });
  }
  const sender = await sandboxInstance(gateway);
  const json = { "content-type": "application/json" };
  const set = JSON.stringify(setBody(gateway.chatwoot, active.name));
  const instanceToken = { token: active.token };
  return [
    {
      name: "floor: ponte's hooks alone",
      key: "floor",
      does: "a route of the bench's that answers at once behind every hook (request id, CORS, metrics, the token's look-up, the rate limit, the logger): the most an endpoint can reach",
      requests: [{ method: "GET", path: `${FLOOR_PATH}/${active.name}`, headers: instanceToken }],
    },
    {
      name: "floor with the instance's look-up",
      key: "floorLookup",
      does: "the same, and the instance read that every endpoint naming an instance makes",
      requests: [
        { method: "GET", path: `${FLOOR_PATH}/${active.name}/lookup`, headers: instanceToken },
      ],
    },
    {
      name: "GET /api/chatwoot/list",
      key: "chatwootList",
      does: "reads the integration row and the gateway's live state (in process)",
      requests: [
        {
          method: "GET",
          path: `/api/chatwoot/list/${active.name}`,
          headers: { token: active.token },
        },
      ],
    },
    {
      name: "POST /api/chatwoot/set (update)",
      key: "chatwootSet",
      does: "updates one instance's integration: 2 Chatwoot (emulator) calls, writes; one at a time per instance",
      requests: [
        {
          method: "POST",
          path: `/api/chatwoot/set/${active.name}`,
          headers: { ...json, token: active.token },
          body: set,
        },
      ],
    },
    {
      name: "DELETE /api/chatwoot/delete + set (cycle)",
      key: "chatwootDeleteSet",
      does: "terminates and recreates the integration: ≥ 4 Chatwoot (emulator) calls a cycle",
      // One instance: its cycles must not overlap.
      connections: 1,
      perOperation: 2,
      restore: {
        method: "POST",
        path: `/api/chatwoot/set/${active.name}`,
        headers: { ...json, token: active.token },
        body: set,
      },
      requests: [
        {
          method: "DELETE",
          path: `/api/chatwoot/delete/${active.name}`,
          headers: { token: active.token },
        },
        {
          method: "POST",
          path: `/api/chatwoot/set/${active.name}`,
          headers: { ...json, token: active.token },
          body: set,
        },
      ],
    },
    {
      name: "GET /api/instance/list (100 instances)",
      key: "instanceList",
      does: "100 instances with their blocks, modules and tokens (~90 KB)",
      requests: [{ method: "GET", path: "/api/instance/list", headers: { token: listed.token } }],
    },
    {
      name: "POST /api/message/text",
      key: "messageText",
      does: "sends on the sandbox and answers once its event is in the log",
      requests: [
        {
          method: "POST",
          path: `/api/message/text/${sender.name}`,
          headers: { ...json, token: sender.token },
          body: JSON.stringify({ number: "5511944443333", message: "bench" }),
        },
      ],
    },
  ];
}

export async function measureApi(
  gateway: Gateway,
  figures: Figures,
  options: ApiOptions,
): Promise<void> {
  const bare = await bareRoute();
  try {
    const all = await endpoints(gateway);
    for (const endpoint of all.filter((e) => options.only?.includes(e.key) ?? true)) {
      progress(`api (${options.db}): ${endpoint.name}`);
      const connections = endpoint.connections ?? options.connections;
      for (const [method, answer] of await sampleAnswers(gateway.server.url, endpoint)) {
        bare.answers.set(method, answer);
      }
      const runs = await repeat(options.runs, async () => {
        // The same methods, headers and bodies, to a route that does nothing with them.
        const bareRequests = endpoint.requests.map((r) => ({ ...r, path: "/bare" }));
        const bareLoad = await cannon(bare.url, bareRequests, options, connections);
        const served = () => cannon(gateway.server.url, endpoint.requests, options, connections);
        const load = await (options.around?.(endpoint.key, served) ?? served());
        if (endpoint.restore !== undefined) await send(gateway.server.url, endpoint.restore);
        return { load, bareLoad };
      });
      const per = endpoint.perOperation ?? 1;
      const rate = median(runs.map((r) => r.load.perSecond / per));
      const bareRate = median(runs.map((r) => r.bareLoad.perSecond / per));
      const ratio = median(runs.map((r) => r.load.perSecond / r.bareLoad.perSecond));
      const note = `${options.runs} run(s) of ${options.durationS} s, ${connections} connection(s); median; ${endpoint.does}`;
      const base = `api.${options.db}.${endpoint.key}`;
      const unit = per === 1 ? "req/s" : "cycles/s";
      figures.add({
        key: `${base}.perSecond`,
        section: "api",
        label: `${endpoint.name} (${options.db})`,
        value: rate,
        unit,
        note,
      });
      figures.add({
        key: `${base}.p99Ms`,
        section: "api",
        label: `${endpoint.name} p99 (${options.db})`,
        value: percentile(
          runs.map((r) => r.load.p99Ms),
          0.5,
        ),
        unit: "ms",
        note: "median of the runs' p99",
      });
      figures.add({
        key: `${base}.bare`,
        section: "api",
        label: `bare Fastify route beside ${endpoint.name} (${options.db})`,
        value: bareRate,
        unit,
        note: `${options.runs} run(s) of ${options.durationS} s, ${connections} connection(s); median; the endpoint's own answer, nothing else`,
      });
      // Less sensitive to other work on the machine than the rates: what a request costs.
      figures.add({
        key: `${base}.cpuUs`,
        section: "api",
        label: `${endpoint.name} CPU per request, server and load generator (${options.db})`,
        value: median(runs.map((r) => r.load.cpuUsPerRequest)),
        unit: "µs",
        note: `bare route beside it: ${Math.round(median(runs.map((r) => r.bareLoad.cpuUsPerRequest)))} µs`,
      });
      figures.add({
        key: `${base}.bareCpuUs`,
        section: "api",
        label: `bare route CPU per request beside ${endpoint.name} (${options.db})`,
        value: median(runs.map((r) => r.bareLoad.cpuUsPerRequest)),
        unit: "µs",
        note: "same run",
      });
      figures.add({
        key: `${base}.ratio`,
        section: "api",
        label: `${endpoint.name} / bare route (${options.db})`,
        value: ratio,
        unit: "ratio",
        note: "same run",
      });
    }
  } finally {
    await bare.close();
  }
}
