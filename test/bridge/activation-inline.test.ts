/**
 * Inline activation at instance creation through the public API in `serve`: a chatwoot
 * block in the create request makes the API inbox and relays to it just as set does,
 * and a Chatwoot refusal still creates the instance, reporting the documented message.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Body } from "../events/support/helpers.js";
import {
  customerSays,
  startGateway,
  streamLive,
  waitForMessages,
  type Gateway,
} from "./support/gateway-harness.js";
import { activationApi } from "./activation-setup.js";

describe("activation through the public API (serve)", { timeout: 90_000 }, () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  const { inboxes, inboxById, webhookPattern } = activationApi(() => gateway);

  it("an inline chatwoot block at instance creation activates the integration", async () => {
    const account = gateway.chatwoot.accounts[0]!;
    const name = `inline-${Date.now().toString(36)}`;
    const created = await gateway.server.request<Body>("POST", "/api/instance/new", {
      token: gateway.accountToken,
      body: {
        name,
        provider: "sandbox",
        chatwootEnabled: true,
        chatwootBaseUrl: `${gateway.chatwoot.url}/`,
        chatwootAccountId: account.id,
        chatwootApiToken: account.admin.token,
        chatwootInboxName: "Inline inbox",
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.chatwoot).toEqual({
      enabled: true,
      status: "active",
      bridge_integration_id: expect.stringMatching(/^int_/),
      inboxId: expect.any(Number),
      inboxName: "Inline inbox",
      error: null,
    });
    const chatwoot = created.body.chatwoot as Body;
    const inboxId = chatwoot.inboxId as number;
    expect(inboxById(inboxId)).toMatchObject({
      name: "Inline inbox",
      webhook_url: expect.stringMatching(webhookPattern(chatwoot.bridge_integration_id as string)),
    });
    const inst = {
      name,
      token: created.body.data.token as string,
      id: created.body.instance.id as string,
    };
    const connect = await gateway.server.request("GET", `/api/instance/connect/${name}`, {
      token: inst.token,
    });
    expect(connect.status).toBe(200);
    await streamLive(gateway, inst, chatwoot.bridge_integration_id as string);
    await customerSays(gateway, inst, "5511966660002", "criado já integrado");
    const [message] = await waitForMessages(
      gateway,
      inboxId,
      (m) => m.length >= 1,
      "the message in the inline inbox",
    );
    expect(message?.content).toBe("criado já integrado");

    // Inline failure: the instance is created, the integration reports the documented text.
    const refused = await gateway.server.request<Body>("POST", "/api/instance/new", {
      token: gateway.accountToken,
      body: {
        name: `${name}-refused`,
        provider: "sandbox",
        chatwootEnabled: true,
        chatwootBaseUrl: gateway.chatwoot.url,
        chatwootAccountId: account.id,
        chatwootApiToken: "not-a-chatwoot-token",
        chatwootInboxName: "Never made",
      },
    });
    expect(refused.status).toBe(201);
    expect(refused.body.chatwoot).toEqual({
      enabled: false,
      status: "error",
      bridge_integration_id: null,
      inboxId: null,
      inboxName: null,
      error:
        "Chatwoot rejected the API token — verify chatwootApiToken. Detail: Invalid Access Token",
    });
    expect(inboxes().some((i) => i.name === "Never made")).toBe(false);
  });
});
