/**
 * A fake integration gateway: a real HTTP server speaking src/contracts/bridge.ts. By
 * default it behaves like a working gateway (strictly: a request that breaks the
 * contract or lacks the right Bearer token is refused and recorded). Tests can make the
 * next calls answer anything, any status, garbage, hang, or drop the connection, and can
 * stop accepting connections altogether.
 */
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  INTEGRATION_NOT_FOUND,
  JOB_NOT_FOUND,
  activateRequestSchema,
  bridgeAuthorization,
  jobListQuerySchema,
  parseJobId,
  type ActivateRequest,
  type GatewayJob,
  type IntegrationStatus,
} from "../../src/contracts/bridge.js";

export type FakeAnswer =
  | { status: number; json?: unknown; text?: string }
  /** Never answers (until the fake closes). */
  | { hang: true }
  /** Closes the connection without an answer. */
  | { drop: true };

export interface RecordedCall {
  method: string;
  path: string;
  /** The query string, without `?` ("" when none). */
  query: string;
  authorization: string | undefined;
  body: unknown;
}

export interface FakeIntegration {
  id: string;
  request: ActivateRequest;
  status: IntegrationStatus;
  lastError: string;
  inboxId: number;
  inboxName: string;
}

interface Override {
  method: string;
  path: RegExp;
  answer: FakeAnswer | ((call: RecordedCall) => FakeAnswer);
  remaining: number;
}

export interface FakeBridge {
  url: string;
  token: string;
  calls: RecordedCall[];
  integrations: Map<string, FakeIntegration>;
  /** The integrations' jobs, as the job calls list and retry them (tests add them). */
  jobs: Map<string, GatewayJob[]>;
  /** Adds a job (dead unless told otherwise) to an integration; answers it. */
  addJob(integrationId: string, job?: Partial<GatewayJob>): GatewayJob;
  /** The inbox id a new activation reports (0: not known yet, as right after creation). */
  activationInboxId: number;
  /** The next `times` calls to `method` whose path matches answer so. */
  answer(
    method: "POST" | "GET" | "DELETE",
    path: RegExp,
    answer: FakeAnswer | ((call: RecordedCall) => FakeAnswer),
    times?: number,
  ): void;
  callsTo(method: string, path: RegExp): RecordedCall[];
  /** Closes the listening socket: connections are refused until `acceptConnections`. */
  refuseConnections(): Promise<void>;
  acceptConnections(): Promise<void>;
  close(): Promise<void>;
}

export const ACTIVATE = /^\/v1\/integrations\/activate$/;
export const INTEGRATION = /^\/v1\/integrations\/[^/]+$/;
export const JOBS = /^\/v1\/integrations\/[^/]+\/jobs$/;
export const JOB_RETRY = /^\/v1\/integrations\/[^/]+\/jobs\/[^/]+\/retry$/;

export async function startFakeBridge(token = "bridge-test-token"): Promise<FakeBridge> {
  const fake = new FakeBridgeServer(token);
  await fake.acceptConnections();
  return fake;
}

class FakeBridgeServer implements FakeBridge {
  url = "";
  readonly calls: RecordedCall[] = [];
  readonly integrations = new Map<string, FakeIntegration>();
  readonly jobs = new Map<string, GatewayJob[]>();
  activationInboxId = 0;
  private jobCounter = 0;
  private readonly overrides: Override[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server = http.createServer((req, res) => this.receive(req, res));
  private port = 0;
  private counter = 0;

  constructor(readonly token: string) {
    this.server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  answer(
    method: "POST" | "GET" | "DELETE",
    path: RegExp,
    answer: FakeAnswer | ((call: RecordedCall) => FakeAnswer),
    times = 1,
  ): void {
    this.overrides.push({ method, path, answer, remaining: times });
  }

  addJob(integrationId: string, job: Partial<GatewayJob> = {}): GatewayJob {
    const at = new Date().toISOString();
    const made: GatewayJob = {
      id: (this.jobCounter += 1),
      kind: "cw.message",
      state: "dead",
      attempts: 12,
      last_error: "Chatwoot invalid (HTTP 422): the fake says no",
      subject: `WhatsApp message FAKE${this.jobCounter} from 5511999990000@s.whatsapp.net`,
      created_at: at,
      updated_at: at,
      ...job,
    };
    this.jobs.set(integrationId, [...(this.jobs.get(integrationId) ?? []), made]);
    return made;
  }

  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  async refuseConnections(): Promise<void> {
    const closed = once(this.server, "close");
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  async acceptConnections(): Promise<void> {
    // The first start takes a free port; later ones reuse it, so the URL stays valid.
    this.server.listen(this.port, "127.0.0.1");
    await once(this.server, "listening");
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    if (this.server.listening) await this.refuseConnections();
  }

  private receive(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [path = "", query = ""] = (req.url ?? "").split("?");
      const call: RecordedCall = {
        method: req.method ?? "",
        path,
        query,
        authorization: req.headers.authorization,
        body: parseBody(text),
      };
      this.calls.push(call);
      respond(res, this.pick(call));
    });
  }

  private pick(call: RecordedCall): FakeAnswer {
    const index = this.overrides.findIndex(
      (o) => o.method === call.method && o.path.test(call.path),
    );
    const override = this.overrides[index];
    if (override === undefined) return this.behave(call);
    override.remaining -= 1;
    if (override.remaining <= 0) this.overrides.splice(index, 1);
    return typeof override.answer === "function" ? override.answer(call) : override.answer;
  }

  /** A working gateway, strict about the contract and the token. */
  private behave(call: RecordedCall): FakeAnswer {
    if (call.authorization !== bridgeAuthorization(this.token)) {
      return { status: 401, json: { error: "invalid bridge token" } };
    }
    if (call.method === "POST" && ACTIVATE.test(call.path)) return this.activate(call.body);
    if (JOBS.test(call.path) || JOB_RETRY.test(call.path)) return this.jobCall(call);
    const id = decodeURIComponent(call.path.split("/").pop() ?? "");
    const integration = INTEGRATION.test(call.path) ? this.integrations.get(id) : undefined;
    if (integration === undefined) return { status: 404, json: { error: "integration not found" } };
    if (call.method === "GET") {
      return {
        status: 200,
        json: {
          integration_id: integration.id,
          status: integration.status,
          last_error: integration.lastError,
          inbox_id: integration.inboxId,
          inbox_name: integration.inboxName,
        },
      };
    }
    if (call.method === "DELETE") {
      this.integrations.delete(id);
      return { status: 204 };
    }
    return { status: 405, json: { error: "method not allowed" } };
  }

  /** The job calls: scoped by the integration in the path, like the real gateway. */
  private jobCall(call: RecordedCall): FakeAnswer {
    const [, , , rawId = "", , rawJob = ""] = call.path.split("/");
    const integrationId = decodeURIComponent(rawId);
    if (!this.integrations.has(integrationId))
      return { status: 404, json: { error: INTEGRATION_NOT_FOUND } };
    const jobs = this.jobs.get(integrationId) ?? [];
    if (call.method === "GET" && JOBS.test(call.path)) {
      const query = jobListQuerySchema.safeParse(
        Object.fromEntries(new URLSearchParams(call.query)),
      );
      if (!query.success) return { status: 400, json: { error: "invalid query" } };
      const listed = jobs.filter((j) => j.state === query.data.state).slice(0, query.data.limit);
      return { status: 200, json: { jobs: listed } };
    }
    if (call.method !== "POST") return { status: 405, json: { error: "method not allowed" } };
    const jobId = parseJobId(rawJob);
    const job = jobId !== undefined ? jobs.find((j) => j.id === jobId) : undefined;
    if (job === undefined) return { status: 404, json: { error: JOB_NOT_FOUND } };
    if (job.state !== "dead") {
      return {
        status: 409,
        json: { error: `job ${job.id} is ${job.state}, not dead`, state: job.state },
      };
    }
    Object.assign(job, { state: "pending", attempts: 0, updated_at: new Date().toISOString() });
    return { status: 200, json: job };
  }

  private activate(body: unknown): FakeAnswer {
    const parsed = activateRequestSchema.strict().safeParse(body);
    if (!parsed.success) return { status: 400, json: { error: parsed.error.message } };
    const request = parsed.data;
    const existing = request.existingIntegrationId;
    // One integration per instance (src/contracts/bridge.ts): a retried first activation
    // finds the one it made.
    const known =
      (existing === undefined ? undefined : this.integrations.get(existing)) ??
      [...this.integrations.values()].find((i) => i.request.instanceId === request.instanceId);
    const integration: FakeIntegration = known
      ? { ...known, request, inboxName: request.inboxName }
      : {
          id: `int_fake${(this.counter += 1)}`,
          request,
          status: "active",
          lastError: "",
          inboxId: this.activationInboxId,
          inboxName: request.inboxName,
        };
    this.integrations.set(integration.id, integration);
    return {
      status: 201,
      json: {
        integration_id: integration.id,
        status: integration.status,
        inbox_id: integration.inboxId,
        inbox_name: integration.inboxName,
      },
    };
  }
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function respond(res: http.ServerResponse, answer: FakeAnswer): void {
  if ("hang" in answer) return;
  if ("drop" in answer) {
    res.socket?.destroy();
    return;
  }
  if (answer.json !== undefined) {
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(JSON.stringify(answer.json));
    return;
  }
  res.writeHead(answer.status, { "content-type": "text/plain" });
  res.end(answer.text ?? "");
}
