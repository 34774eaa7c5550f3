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
  activateRequestSchema,
  bridgeAuthorization,
  type ActivateRequest,
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

export async function startFakeBridge(token = "bridge-test-token"): Promise<FakeBridge> {
  const calls: RecordedCall[] = [];
  const integrations = new Map<string, FakeIntegration>();
  const overrides: Override[] = [];
  const sockets = new Set<Socket>();
  let counter = 0;

  const fake: FakeBridge = {
    url: "",
    token,
    calls,
    integrations,
    activationInboxId: 0,
    answer: (method, path, answer, times = 1) => {
      overrides.push({ method, path, answer, remaining: times });
    },
    callsTo: (method, path) => calls.filter((c) => c.method === method && path.test(c.path)),
    refuseConnections: async () => {
      const closed = once(server, "close");
      server.close();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    acceptConnections: async () => {
      server.listen(port, "127.0.0.1");
      await once(server, "listening");
    },
    close: async () => {
      if (!server.listening) return;
      await fake.refuseConnections();
    },
  };

  const defaultAnswer = (call: RecordedCall): FakeAnswer => {
    if (call.authorization !== bridgeAuthorization(token)) {
      return { status: 401, json: { error: "invalid bridge token" } };
    }
    if (call.method === "POST" && ACTIVATE.test(call.path)) {
      const parsed = activateRequestSchema.strict().safeParse(call.body);
      if (!parsed.success) return { status: 400, json: { error: parsed.error.message } };
      const request = parsed.data;
      const known =
        request.existingIntegrationId === undefined
          ? undefined
          : integrations.get(request.existingIntegrationId);
      const integration: FakeIntegration = known
        ? { ...known, request, inboxName: request.inboxName }
        : {
            id: `int_fake${(counter += 1)}`,
            request,
            status: "active",
            lastError: "",
            inboxId: fake.activationInboxId,
            inboxName: request.inboxName,
          };
      integrations.set(integration.id, integration);
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
    const id = decodeURIComponent(call.path.split("/").pop() ?? "");
    const integration = INTEGRATION.test(call.path) ? integrations.get(id) : undefined;
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
      integrations.delete(id);
      return { status: 204 };
    }
    return { status: 405, json: { error: "method not allowed" } };
  };

  const pick = (call: RecordedCall): FakeAnswer => {
    const index = overrides.findIndex((o) => o.method === call.method && o.path.test(call.path));
    const override = overrides[index];
    if (override === undefined) return defaultAnswer(call);
    override.remaining -= 1;
    if (override.remaining <= 0) overrides.splice(index, 1);
    return typeof override.answer === "function" ? override.answer(call) : override.answer;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = text === "" ? undefined : text;
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        // not JSON: recorded as text
      }
      const call: RecordedCall = {
        method: req.method ?? "",
        path: (req.url ?? "").split("?")[0] ?? "",
        authorization: req.headers.authorization,
        body,
      };
      calls.push(call);
      respond(res, pick(call));
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${port}`;
  return fake;
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
