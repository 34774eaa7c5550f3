/**
 * Chatwoot is an outbound target like any other: without OUTBOUND_ALLOW, a Chatwoot on an
 * internal address is refused by the API with the documented 400 before anything is
 * sent, and the gateway's own Chatwoot client refuses it too (its connections go through
 * the guard), so no path reaches it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Body } from "../events/support/helpers.js";
import { sandboxInstance, setBody, startGateway, type Gateway } from "./support/gateway-harness.js";

const REFUSAL =
  "chatwootBaseUrl refused: 127.0.0.1 is a loopback address; set OUTBOUND_ALLOW to allow it";

describe("a Chatwoot on an internal address, without OUTBOUND_ALLOW", () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway({ server: { env: { OUTBOUND_ALLOW: "" } } });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("is refused by set with a 400 that says how to allow it, and nothing reaches it", async () => {
    const instance = await sandboxInstance(gateway);
    const set = await gateway.server.request<Body>("POST", `/api/chatwoot/set/${instance.name}`, {
      token: instance.token,
      body: setBody(gateway.chatwoot, instance.name),
    });
    expect(set.status).toBe(400);
    expect(set.body).toEqual({ success: false, error: { message: REFUSAL } });
    expect(gateway.chatwoot.control.callCounts()).toEqual({});
  });

  it("is refused by the gateway's own client too, as unreachable, before any request", async () => {
    const instance = await sandboxInstance(gateway);
    const account = gateway.chatwoot.accounts[0]!;
    const result = await gateway.bridge().gateway.activate({
      instanceId: instance.id,
      instanceName: instance.name,
      chatwootBaseUrl: gateway.chatwoot.url,
      chatwootAccountId: account.id,
      chatwootApiToken: account.admin.token,
      inboxName: `WhatsApp ${instance.name}`,
      signMessages: false,
      ignoreGroups: false,
      startAsPending: false,
      reopenResolved: false,
    });
    expect(result).toMatchObject({
      ok: false,
      failure: { type: "chatwoot", chatwoot: { kind: "unreachable", detail: REFUSAL } },
    });
    expect(gateway.chatwoot.control.callCounts()).toEqual({});
  });
});
