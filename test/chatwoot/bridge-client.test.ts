import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BridgeClient } from "../../src/api/chatwoot/bridge-client.js";
import type { ActivateRequest } from "../../src/contracts/bridge.js";
import { ACTIVATE, INTEGRATION, startFakeBridge, type FakeBridge } from "../support/fake-bridge.js";

const TIMEOUT_MS = 1000;

const request: ActivateRequest = {
  instanceId: "0b6f4a51-1111-4c3a-9d0e-8a9b7c6d5e4f",
  instanceName: "support",
  chatwootBaseUrl: "https://cw.example.com",
  chatwootAccountId: 1,
  chatwootApiToken: "tok",
  inboxName: "Inbox",
  signMessages: false,
  ignoreGroups: false,
  startAsPending: false,
  reopenResolved: false,
};

describe("BridgeClient against a gateway over HTTP", () => {
  let bridge: FakeBridge;
  let client: BridgeClient;

  beforeAll(async () => {
    bridge = await startFakeBridge();
    const timeouts = { activateMs: TIMEOUT_MS, getMs: TIMEOUT_MS, deleteMs: TIMEOUT_MS };
    client = new BridgeClient({ url: bridge.url, token: bridge.token, timeouts });
  });
  afterAll(async () => {
    await bridge.close();
  });

  it("activates, reads and terminates an integration", async () => {
    const activated = await client.activate(request);
    expect(activated).toEqual({
      ok: true,
      value: {
        integration_id: expect.any(String),
        status: "active",
        inbox_id: 0,
        inbox_name: "Inbox",
      },
    });
    if (!activated.ok) return;
    const id = activated.value.integration_id;
    expect((await client.get(id)).ok).toBe(true);
    expect(await client.terminate(id)).toEqual({ ok: true, value: undefined });
    expect(await client.terminate(id)).toEqual({
      ok: false,
      failure: { type: "not_found", retryable: false },
    });
    expect(await client.get(id)).toEqual({
      ok: false,
      failure: { type: "not_found", retryable: false },
    });
  });

  it("accepts 200 for an activation and 200 for a termination", async () => {
    bridge.answer("POST", ACTIVATE, {
      status: 200,
      json: { integration_id: "int_x", status: "paused", inbox_id: 3, inbox_name: "I" },
    });
    expect((await client.activate(request)).ok).toBe(true);
    bridge.answer("DELETE", INTEGRATION, { status: 200, json: { ok: true } });
    expect((await client.terminate("int_x")).ok).toBe(true);
  });

  it("encodes the integration id into the path", async () => {
    await client.get("a b/c");
    expect(bridge.calls.at(-1)?.path).toBe("/v1/integrations/a%20b%2Fc");
  });

  it.each([
    [{ status: 422, json: { kind: "forbidden", detail: "no admin" } }, "chatwoot", false],
    [{ status: 502, json: { kind: "unreachable", detail: "ECONNREFUSED" } }, "chatwoot", true],
    [{ status: 504, json: { kind: "timeout", detail: "slow" } }, "chatwoot", true],
    [{ status: 500, text: "boom" }, "http", true],
    [{ status: 429, text: "slow down" }, "http", true],
    [{ status: 400, json: { error: "bad request" } }, "http", false],
    [{ status: 401, json: { error: "nope" } }, "credentials_refused", false],
    [{ status: 201, json: { integration_id: "" } }, "invalid_answer", false],
    [{ drop: true }, "unreachable", true],
    [{ hang: true }, "timeout", true],
  ] as const)("classifies %j", async (answer, type, retryable) => {
    bridge.answer("POST", ACTIVATE, answer);
    const result = await client.activate(request);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.type).toBe(type);
    expect(result.failure.retryable).toBe(retryable);
  });

  it("never lets BRIDGE_TOKEN into a failure, and keeps details short", async () => {
    bridge.answer("POST", ACTIVATE, {
      status: 500,
      text: `echo ${bridge.token} ${"x".repeat(1000)}`,
    });
    const result = await client.activate(request);
    expect(result.ok).toBe(false);
    if (result.ok || result.failure.type !== "http") throw new Error("expected an http failure");
    expect(result.failure.detail).not.toContain(bridge.token);
    expect(result.failure.detail).toContain("[redacted]");
    expect(result.failure.detail.length).toBeLessThanOrEqual(301);
  });

  it("reports a refused connection as unreachable and retryable", async () => {
    await bridge.refuseConnections();
    try {
      expect(await client.terminate("int_x")).toEqual({
        ok: false,
        failure: { type: "unreachable", reason: "ECONNREFUSED", retryable: true },
      });
    } finally {
      await bridge.acceptConnections();
    }
  });
});
