import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConsumerStore } from "../../src/api/events/log/consumer-store.js";
import { GATEWAY_CONSUMER } from "../../src/contracts/event-stream.js";
import { ACTIVATE, INTEGRATION } from "../support/fake-bridge.js";
import {
  accountWithInstance,
  integrationRow,
  setBody,
  startHarness,
  type Harness,
} from "./harness.js";

type Owner = Awaited<ReturnType<typeof accountWithInstance>>;

const DEACTIVATED = { message: "chatwoot integration deactivated" };
const WARNING =
  "could not terminate the chatwoot integration at the integration gateway; removing it locally";

describe.each(["delete", "unlink"])("DELETE /api/chatwoot/%s/:instance", (verb) => {
  let h: Harness;
  let owner: Owner;
  let apiToken: string;
  let integrationId: string;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    owner = await accountWithInstance(h.server);
    const body = setBody();
    apiToken = String(body.chatwootApiToken);
    const reply = await h.server.request<{ bridge_integration_id: string }>(
      "POST",
      `/api/chatwoot/set/${owner.name}`,
      { token: owner.accountToken, body },
    );
    integrationId = reply.body.bridge_integration_id;
  });

  const remove = (token = owner.accountToken, name = owner.name) =>
    h.server.request<Record<string, any>>("DELETE", `/api/chatwoot/${verb}/${name}`, { token });
  const warnings = () =>
    h.server.log
      .lines()
      .filter((line) => line.msg === WARNING && line.integrationId === integrationId);

  it("terminates at the gateway, removes the row, answers 200; a second delete → 404", async () => {
    const reply = await remove();
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(DEACTIVATED);
    const [call] = h.bridge.callsTo("DELETE", INTEGRATION).slice(-1);
    expect(call?.path).toBe(`/v1/integrations/${integrationId}`);
    expect(call?.authorization).toBe(`Bearer ${h.bridge.token}`);
    expect(h.bridge.integrations.has(integrationId)).toBe(false);
    expect(await integrationRow(h.server, owner.id)).toBeUndefined();
    expect(warnings()).toEqual([]);

    const again = await remove();
    expect(again.status).toBe(404);
    expect(again.body).toEqual({
      success: false,
      error: { message: "no chatwoot integration to delete" },
    });
  });

  it("stops the gateway's stream holding back event retention", async () => {
    const consumers = new ConsumerStore(h.server.runtime.database.db);
    await consumers.register(owner.id, GATEWAY_CONSUMER, 0, new Date().toISOString());
    expect((await remove()).status).toBe(200);
    expect(await consumers.ackedSeq(owner.id, GATEWAY_CONSUMER)).toBeUndefined();
  });

  it("works with the instance's own token", async () => {
    const reply = await remove(owner.instanceToken);
    expect(reply.status).toBe(200);
  });

  it("treats a 404 from the gateway as already removed, without a warning", async () => {
    h.bridge.integrations.delete(integrationId);
    const reply = await remove();
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(DEACTIVATED);
    expect(await integrationRow(h.server, owner.id)).toBeUndefined();
    expect(warnings()).toEqual([]);
  });

  const failures: [string, Parameters<Harness["bridge"]["answer"]>[2]][] = [
    ["answers 500", { status: 500, text: "boom" }],
    [
      "reports a Chatwoot failure of its own",
      { status: 502, json: { kind: "unreachable", detail: "down" } },
    ],
    ["drops the connection", { drop: true }],
    ["hangs past the deadline", { hang: true }],
  ];
  for (const [title, answer] of failures) {
    it(`still removes the row and answers 200 when the gateway ${title}, with a warning`, async () => {
      h.bridge.answer("DELETE", INTEGRATION, answer);
      const reply = await remove();
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual(DEACTIVATED);
      expect(await integrationRow(h.server, owner.id)).toBeUndefined();
      expectOneWarning();
      expect((await remove()).status).toBe(404);
    });
  }

  it("still removes the row when the gateway refuses connections, with a warning", async () => {
    await h.bridge.refuseConnections();
    try {
      const reply = await remove();
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual(DEACTIVATED);
    } finally {
      await h.bridge.acceptConnections();
    }
    expect(await integrationRow(h.server, owner.id)).toBeUndefined();
    expectOneWarning();
    expect((await remove()).status).toBe(404);
  });

  function expectOneWarning(): void {
    const found = warnings();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      level: 40,
      instance: owner.name,
      instanceId: owner.id,
      integrationId,
    });
    expect(h.server.log.requestsTo(`/api/chatwoot/set/${owner.name}`)).not.toHaveLength(0);
    expect(h.server.log.requestsTo(`/api/chatwoot/${verb}/${owner.name}`)).not.toHaveLength(0);
    const text = h.server.log.text();
    expect(text).not.toContain(apiToken);
    expect(text).not.toContain(h.bridge.token);
  }

  it("set → list → delete → set again creates a new integration", async () => {
    const list = await h.server.request<Record<string, any>>(
      "GET",
      `/api/chatwoot/list/${owner.name}`,
      {
        token: owner.accountToken,
      },
    );
    expect(list.body.bridge_integration_id).toBe(integrationId);
    expect((await remove()).status).toBe(200);

    const again = await h.server.request<Record<string, any>>(
      "POST",
      `/api/chatwoot/set/${owner.name}`,
      {
        token: owner.accountToken,
        body: setBody(),
      },
    );
    expect(again.status).toBe(201);
    expect(again.body.bridge_integration_id).not.toBe(integrationId);
    const [call] = h.bridge.callsTo("POST", ACTIVATE).slice(-1);
    expect(call?.body).not.toHaveProperty("existingIntegrationId");
    const row = await integrationRow(h.server, owner.id);
    expect(row?.bridge_integration_id).toBe(again.body.bridge_integration_id);
  });

  it("answers 404 instance not found for an unknown instance", async () => {
    const reply = await remove(owner.accountToken, "nope");
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ success: false, error: { message: "instance not found" } });
  });

  it("answers 404 when the instance never had an integration", async () => {
    const other = await accountWithInstance(h.server);
    const calls = h.bridge.calls.length;
    const reply = await remove(other.accountToken, other.name);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({
      success: false,
      error: { message: "no chatwoot integration to delete" },
    });
    expect(h.bridge.calls.length).toBe(calls);
  });
});
