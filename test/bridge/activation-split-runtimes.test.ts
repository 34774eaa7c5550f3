/**
 * Activation with the API and the bridge as separate runtimes: the API activates over
 * HTTP with the bridge, whose URL the inbox's webhook points at, and what the customer
 * writes while the bridge is stopped is relayed once it is back, even right after set.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Body } from "../events/support/helpers.js";
import {
  customerSays,
  inboxMessages,
  sandboxInstance,
  setBody,
  startSplitGateway,
  streamLive,
  waitForMessages,
  type SplitGateway,
} from "./support/gateway-harness.js";

describe("activation with api and bridge as separate runtimes", { timeout: 90_000 }, () => {
  let split: SplitGateway;

  beforeAll(async () => {
    split = await startSplitGateway();
  });
  afterAll(async () => {
    await split.close();
  });

  /** Activates a fresh connected instance through the API, which calls the bridge over HTTP. */
  async function activate() {
    const inst = await sandboxInstance(split);
    const set = await split.server.request<Body>("POST", `/api/chatwoot/set/${inst.name}`, {
      token: inst.token,
      body: setBody(split.chatwoot, inst.name),
    });
    expect(set.status).toBe(201);
    const integrationId = set.body.bridge_integration_id as string;
    const list = await split.server.request<Body>("GET", `/api/chatwoot/list/${inst.name}`, {
      token: inst.token,
    });
    expect(list.body).toMatchObject({ status: "active", bridge_integration_id: integrationId });
    const inboxId = list.body.chatwoot_inbox_id as number;
    const inbox = (split.chatwoot.control.inboxes() as Body[]).find((i) => i.id === inboxId);
    expect(inbox?.webhook_url).toMatch(
      new RegExp(`^${split.bridgeUrl}/webhooks/chatwoot/${integrationId}/[A-Za-z0-9_-]{20,}$`),
    );
    return { inst, integrationId, inboxId };
  }
  const contents = (inboxId: number) =>
    (inboxMessages(split, inboxId) as Body[]).map((m) => m.content as string);

  it("relays what the customer wrote while the bridge was stopped, once it is back", async () => {
    const { inst, integrationId, inboxId } = await activate();
    await streamLive(split, inst, integrationId);
    await customerSays(split, inst, "5511977770001", "antes da parada");
    await waitForMessages(split, inboxId, (m) => m.length >= 1, "the first message");

    await split.stopBridge();
    await customerSays(split, inst, "5511977770001", "durante a parada");
    await split.startBridge();
    await customerSays(split, inst, "5511977770001", "depois da parada");
    await waitForMessages(split, inboxId, (m) => m.length >= 3, "every message");
    expect(contents(inboxId)).toEqual(["antes da parada", "durante a parada", "depois da parada"]);
  });

  // The integration's stream starts from the instance's event sequence at activation
  // (streamAfter), not from whenever its first WebSocket opens: what the number receives
  // before the bridge has recorded anything is relayed too.
  it("relays a message written while the bridge was stopped right after activation", async () => {
    const { inst, integrationId, inboxId } = await activate();
    await split.stopBridge();
    await customerSays(split, inst, "5511977770002", "logo depois da ativação");
    await split.startBridge();
    await streamLive(split, inst, integrationId);
    await customerSays(split, inst, "5511977770002", "com o stream no ar");
    await waitForMessages(
      split,
      inboxId,
      (m) => m.some((x) => x.content === "com o stream no ar"),
      "the later message",
    );
    expect(contents(inboxId)).toEqual(["logo depois da ativação", "com o stream no ar"]);
  });
});
