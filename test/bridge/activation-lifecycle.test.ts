/**
 * Activation end to end through the public API in `serve`: set makes an API inbox in
 * Chatwoot whose webhook points at the gateway, list reports the gateway's live state,
 * each kind of Chatwoot refusal gives its documented message, a second set updates in
 * place, delete keeps the inbox but stops everything, and a set after it starts afresh.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor, type Body } from "../events/support/helpers.js";
import {
  closedPort,
  customerSays,
  sandboxInstance,
  setBody,
  startGateway,
  streamLive,
  waitForMessages,
  type Gateway,
} from "./support/gateway-harness.js";
import { activationApi, type Instance } from "./activation-setup.js";

describe("activation through the public API (serve)", { timeout: 90_000 }, () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  const { set, list, remove, inboxes, messagesIn, inboxById, webhookPattern } = activationApi(
    () => gateway,
  );

  it("set creates an API inbox pointing at the gateway, and list shows it live", async () => {
    const inst = await sandboxInstance(gateway);
    const before = inboxes().length;
    const reply = await set(inst, setBody(gateway.chatwoot, inst.name));
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      instance: inst.name,
      status: "active",
      bridge_integration_id: expect.stringMatching(/^int_/),
      message: "chatwoot integration activated",
    });
    const integrationId = reply.body.bridge_integration_id as string;

    const created = inboxes();
    expect(created).toHaveLength(before + 1);
    const inbox = created.at(-1)!;
    expect(inbox).toMatchObject({
      name: `WhatsApp ${inst.name}`,
      channel_type: "Channel::Api",
      webhook_url: expect.stringMatching(webhookPattern(integrationId)),
    });

    const state = await list(inst);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({
      instance_name: inst.name,
      status: "active",
      bridge_integration_id: integrationId,
      chatwoot_base_url: gateway.chatwoot.url,
      chatwoot_account_id: gateway.chatwoot.accounts[0]!.id,
      chatwoot_inbox_id: inbox.id,
      chatwoot_inbox_name: `WhatsApp ${inst.name}`,
      last_error: "",
    });

    // Live: when WhatsApp logs the number out, the gateway's state is what list answers.
    await streamLive(gateway, inst, integrationId);
    const logout = await gateway.server.request("DELETE", `/api/instance/logout/${inst.name}`, {
      token: inst.token,
    });
    expect(logout.status).toBe(200);
    const errored = await waitFor(
      async () => {
        const now = await list(inst);
        return now.body.status === "error" ? now.body : undefined;
      },
      "the gateway to report the logout",
      30_000,
    );
    expect(errored.last_error).toMatch(/WhatsApp logged out/);
  });

  describe("each Chatwoot refusal gives its documented message, and changes nothing", () => {
    const account = () => gateway.chatwoot.accounts[0]!;
    const cases: {
      what: string;
      body: (inst: Instance) => Record<string, unknown> | Promise<Record<string, unknown>>;
      status: number;
      message: (body: Record<string, unknown>) => string;
    }[] = [
      {
        what: "a bad Chatwoot token",
        body: (inst) => ({
          ...setBody(gateway.chatwoot, inst.name),
          chatwootApiToken: "not-a-chatwoot-token",
        }),
        status: 401,
        message: () =>
          "Chatwoot rejected the API token — verify chatwootApiToken. Detail: Invalid Access Token",
      },
      {
        what: "an agent's token (no admin scope)",
        body: (inst) => ({
          ...setBody(gateway.chatwoot, inst.name),
          chatwootApiToken: account().agent.token,
        }),
        status: 403,
        message: () =>
          `Chatwoot denied the request — verify the API token has admin scope on account ${account().id}. Detail: You are not authorized to do this action`,
      },
      {
        what: "a wrong account id",
        body: (inst) => ({ ...setBody(gateway.chatwoot, inst.name), chatwootAccountId: 999 }),
        status: 400,
        message: () =>
          `Chatwoot account or endpoint not found — verify chatwootBaseUrl (${gateway.chatwoot.url}) and chatwootAccountId (999). Detail: Resource could not be found`,
      },
      {
        what: "an unreachable host",
        body: async (inst) => ({
          ...setBody(gateway.chatwoot, inst.name),
          chatwootBaseUrl: `http://127.0.0.1:${await closedPort()}`,
        }),
        status: 502,
        message: (body) =>
          `Chatwoot is unreachable — verify chatwootBaseUrl (${String(body.chatwootBaseUrl)}) and that the integration gateway can reach it. Detail: ECONNREFUSED`,
      },
    ];

    for (const c of cases) {
      it(`${c.what} → ${c.status}`, async () => {
        const inst = await sandboxInstance(gateway);
        const before = inboxes().length;
        const body = await c.body(inst);
        const reply = await set(inst, body);
        expect(reply.status).toBe(c.status);
        expect(reply.body).toEqual({ success: false, error: { message: c.message(body) } });
        expect(inboxes()).toHaveLength(before);
        const state = await list(inst);
        expect(state.status).toBe(404);
        expect(state.body).toEqual({
          success: false,
          error: { message: "no chatwoot integration for this instance" },
        });
      });
    }
  });

  it("a second set updates in place: same integration, the inbox renamed, no new inbox", async () => {
    const inst = await sandboxInstance(gateway);
    const first = await set(inst, setBody(gateway.chatwoot, inst.name));
    expect(first.status).toBe(201);
    const integrationId = first.body.bridge_integration_id as string;
    const inboxId = (await list(inst)).body.chatwoot_inbox_id as number;
    const webhook = inboxById(inboxId)?.webhook_url as string;
    const count = inboxes().length;

    const second = await set(inst, {
      ...setBody(gateway.chatwoot, inst.name),
      inboxName: "Renamed inbox",
      startAsPending: true,
    });
    expect(second.status).toBe(201);
    expect(second.body.bridge_integration_id).toBe(integrationId);
    expect(inboxes()).toHaveLength(count);
    expect(inboxById(inboxId)).toMatchObject({ name: "Renamed inbox", webhook_url: webhook });
    const state = await list(inst);
    expect(state.body).toMatchObject({
      status: "active",
      bridge_integration_id: integrationId,
      chatwoot_inbox_id: inboxId,
      chatwoot_inbox_name: "Renamed inbox",
      start_as_pending: true,
    });
  });

  it("delete keeps the inbox with its webhook cleared, 404s the old URL, stops the relay; set again makes a new inbox", async () => {
    const inst = await sandboxInstance(gateway);
    const customer = "5511966660001";
    const first = await set(inst, setBody(gateway.chatwoot, inst.name));
    expect(first.status).toBe(201);
    const integrationId = first.body.bridge_integration_id as string;
    const inboxId = (await list(inst)).body.chatwoot_inbox_id as number;
    await streamLive(gateway, inst, integrationId);
    await customerSays(gateway, inst, customer, "antes de desligar");
    await waitForMessages(gateway, inboxId, (m) => m.length === 1, "the first message");
    // A delivery Chatwoot made to the gateway, to replay at the old URL later.
    const delivery = await gateway.chatwoot.control.waitForDelivery(
      (d) => d.target === "api_inbox" && d.url.includes(integrationId) && d.state === "delivered",
    );
    const webhookUrl = inboxById(inboxId)?.webhook_url as string;
    expect(delivery.url).toBe(webhookUrl);

    const removed = await remove(inst);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ message: "chatwoot integration deactivated" });

    // The inbox, its conversation and message stay; Chatwoot no longer calls the gateway.
    expect(inboxById(inboxId)).toMatchObject({ name: `WhatsApp ${inst.name}`, webhook_url: "" });
    expect(messagesIn(inboxId).map((m) => m.content)).toEqual(["antes de desligar"]);
    const replayed = await fetch(webhookUrl, {
      method: "POST",
      headers: { ...delivery.headers, "x-chatwoot-delivery": "after-delete-1" },
      body: delivery.body,
    });
    expect(replayed.status).toBe(404);
    expect((await list(inst)).status).toBe(404);
    expect((await remove(inst)).status).toBe(404);

    await customerSays(gateway, inst, customer, "depois de desligar");
    await gateway.server.runtime.connections.settled(inst.id);

    const again = await set(inst, setBody(gateway.chatwoot, inst.name));
    expect(again.status).toBe(201);
    const newId = again.body.bridge_integration_id as string;
    expect(newId).not.toBe(integrationId);
    const newInboxId = (await list(inst)).body.chatwoot_inbox_id as number;
    expect(newInboxId).not.toBe(inboxId);
    expect(inboxById(newInboxId)).toMatchObject({
      name: `WhatsApp ${inst.name}`,
      webhook_url: expect.stringMatching(webhookPattern(newId)),
    });
    expect(inboxById(inboxId)?.webhook_url).toBe("");

    // The same customer's next message goes to the new inbox, and only there; by the time
    // it is, the deleted integration would have relayed the one written before it.
    await streamLive(gateway, inst, newId);
    await customerSays(gateway, inst, customer, "de volta");
    await waitForMessages(gateway, newInboxId, (m) => m.length >= 1, "the message after set");
    for (const id of [integrationId, newId]) {
      await waitFor(
        async () => {
          const counts = await gateway.bridge().jobs.counts(id);
          return counts.open === 0;
        },
        "the queue to drain",
        30_000,
      );
    }
    await gateway.chatwoot.control.waitForDeliveries();
    expect(messagesIn(newInboxId).map((m) => m.content)).toEqual(["de volta"]);
    expect(messagesIn(inboxId).map((m) => m.content)).toEqual(["antes de desligar"]);
    const everywhere = gateway.chatwoot.control
      .conversations()
      .flatMap((c: Body) =>
        (gateway.chatwoot.control.messages({ conversationId: c.id as number }) as Body[]).map(
          (m) => m.content as string,
        ),
      );
    expect(everywhere).not.toContain("depois de desligar");
    const old = await fetch(webhookUrl, {
      method: "POST",
      headers: { ...delivery.headers, "x-chatwoot-delivery": "after-delete-2" },
      body: delivery.body,
    });
    expect(old.status).toBe(404);
  });
});
