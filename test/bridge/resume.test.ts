/**
 * A new integration's stream starts at the instance's event sequence at activation
 * (`streamAfter`), so a message logged while its consumer is away, even before the
 * consumer has recorded any event, is relayed when the consumer comes back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bridgeDb } from "../../src/bridge/bridge-schema.js";
import type { Integration } from "../../src/bridge/integrations/integration-model.js";
import { waitFor, type Body } from "../events/support/helpers.js";
import {
  activeInstance,
  customerSays,
  inboxMessages,
  startGateway,
  type Gateway,
} from "./support/gateway-harness.js";

async function streamSeq(gateway: Gateway, integrationId: string): Promise<number | null> {
  const row = await bridgeDb(gateway.server.runtime.database)
    .selectFrom("bridge_integrations")
    .select("stream_seq")
    .where("id", "=", integrationId)
    .executeTakeFirstOrThrow();
  return row.stream_seq;
}

describe("an integration's stream after its consumer was away", () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("relays what was logged meanwhile, from the activation's sequence on", async () => {
    const inst = await activeInstance(gateway);
    // Activation gave the stream its starting point: no event recorded is needed for it.
    expect(await streamSeq(gateway, inst.integrationId)).not.toBeNull();
    const supervisor = gateway.bridge().supervisor;
    await supervisor.stop(inst.integrationId);
    const missed = await customerSays(gateway, inst, "5511955550101", "enquanto parado");
    supervisor.start({ id: inst.integrationId } as Integration);
    const sources = () => inboxMessages(gateway, inst.inboxId).map((m) => (m as Body).source_id);
    await waitFor(
      () => sources().includes(`WAID:${missed}`),
      "the message logged meanwhile",
      30_000,
    );
    expect(sources().filter((s) => s === `WAID:${missed}`)).toHaveLength(1);
  }, 60_000);
});
