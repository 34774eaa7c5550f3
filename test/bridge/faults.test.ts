/**
 * The gateway under the faults that break its peers, each ending with nothing lost and
 * nothing doubled, read from the Chatwoot emulator's own state.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bridgeDb } from "../../src/bridge/bridge-schema.js";
import { waitFor, type Body } from "../events/support/helpers.js";
import {
  activeInstance,
  customerSays,
  inboxMessages,
  outbox,
  startGateway,
  waitForMessages,
  type ActiveInstance,
  type Gateway,
} from "./support/gateway-harness.js";

describe("inbound through Chatwoot's failures", () => {
  let gateway: Gateway;
  let inst: ActiveInstance;

  beforeAll(async () => {
    gateway = await startGateway();
    inst = await activeInstance(gateway);
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("rides out 5xx, 429, dropped connections and timeouts: every message once, in order", async () => {
    const control = gateway.chatwoot.control;
    const faults = [
      control.addFault({ kind: "error", status: 503, route: "messages.create", times: 3 }),
      control.addFault({
        kind: "rate_limit",
        retryAfterSeconds: 1,
        route: "messages.create",
        times: 2,
      }),
      control.addFault({ kind: "drop", route: "conversations.create", times: 1 }),
      control.addFault({ kind: "error", status: 500, route: "contacts.create", times: 2 }),
      control.addFault({ kind: "timeout", latencyMs: 2_500, route: "messages.create", times: 1 }),
    ];
    const texts = Array.from({ length: 12 }, (_, i) => `falha ${i}`);
    for (const text of texts) await customerSays(gateway, inst, "5511955550001", text);
    const messages = await waitForMessages(
      gateway,
      inst.inboxId,
      (m) => m.length >= texts.length,
      "every message",
    );
    await settle(gateway, inst);
    expect(inboxMessages(gateway, inst.inboxId).map((m) => (m as Body).content)).toEqual(texts);
    expect(messages.every((m) => m.conversation === messages[0]!.conversation)).toBe(true);
    for (const fault of faults) control.removeFault(fault.id);
  }, 60_000);

  it("never doubles a message Chatwoot created after the gateway stopped waiting", async () => {
    const control = gateway.chatwoot.control;
    // Chatwoot answers after the gateway's deadline (2 s here) but does create the message.
    control.addFault({ kind: "latency", latencyMs: 3_000, route: "messages.create", times: 1 });
    const before = inboxMessages(gateway, inst.inboxId).length;
    await customerSays(gateway, inst, "5511955550001", "lento mas chega");
    await waitForMessages(gateway, inst.inboxId, (m) => m.length > before, "the slow message");
    await settle(gateway, inst);
    const copies = inboxMessages(gateway, inst.inboxId).filter(
      (m) => (m as Body).content === "lento mas chega",
    );
    expect(copies).toHaveLength(1);
  }, 60_000);
});

describe("outbound: signatures, duplicates and a send that fails for good", () => {
  let gateway: Gateway;
  let inst: ActiveInstance;
  let conversationId: number;

  beforeAll(async () => {
    gateway = await startGateway();
    inst = await activeInstance(gateway);
    await customerSays(gateway, inst, "5511955550002", "oi");
    const [first] = await waitForMessages(
      gateway,
      inst.inboxId,
      (m) => m.length >= 1,
      "the conversation",
    );
    conversationId = first!.conversation as number;
  });
  afterAll(async () => {
    await gateway.close();
  });

  const sentTexts = async () =>
    (await outbox(gateway, inst)).filter((e) => e.kind === "text").map((e) => e.text as string);

  it("acts once on a webhook Chatwoot delivers twice", async () => {
    gateway.chatwoot.control.reply({ conversationId, content: "uma vez só" });
    const delivery = await gateway.chatwoot.control.waitForDelivery(
      (d) =>
        d.event === "message_created" && d.state === "delivered" && d.body.includes("uma vez só"),
    );
    const again = await fetch(delivery.url, {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    // The same message under a fresh delivery id is still the same message.
    const fresh = { ...delivery.headers, "x-chatwoot-delivery": "another-delivery-id" };
    const third = await fetch(delivery.url, {
      method: "POST",
      headers: fresh,
      body: delivery.body,
    });
    expect(third.status).toBe(200);
    await waitFor(async () => (await sentTexts()).includes("uma vez só"), "the reply sent");
    await settle(gateway, inst);
    expect((await sentTexts()).filter((t) => t === "uma vez só")).toHaveLength(1);
  });

  it("answers a delivery that asks for nothing without remembering it", async () => {
    const deliveries = () =>
      bridgeDb(gateway.server.runtime.database)
        .selectFrom("bridge_deliveries")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .executeTakeFirstOrThrow()
        .then((row) => Number(row.n));
    const before = await deliveries();
    // A customer's message mirrored into Chatwoot comes back as message_created (incoming).
    await customerSays(gateway, inst, "5511955550002", "só um espelho");
    const mirrored = await gateway.chatwoot.control.waitForDelivery(
      (d) =>
        d.event === "message_created" &&
        d.state === "delivered" &&
        d.body.includes("só um espelho"),
    );
    const again = await fetch(mirrored.url, {
      method: "POST",
      headers: mirrored.headers,
      body: mirrored.body,
    });
    expect(await again.json()).toEqual({ ok: true, queued: false });
    expect(await deliveries()).toBe(before);
    // A reply is remembered, so its second delivery is known as one.
    gateway.chatwoot.control.reply({ conversationId, content: "lembrada" });
    const reply = await gateway.chatwoot.control.waitForDelivery(
      (d) =>
        d.event === "message_created" && d.state === "delivered" && d.body.includes("lembrada"),
    );
    expect(await deliveries()).toBe(before + 1);
    const twice = await fetch(reply.url, {
      method: "POST",
      headers: reply.headers,
      body: reply.body,
    });
    expect(await twice.json()).toMatchObject({ duplicate: true });
  });

  it("refuses a bad or stale signature and sends nothing", async () => {
    gateway.chatwoot.control.reply({ conversationId, content: "assinada" });
    const delivery = await gateway.chatwoot.control.waitForDelivery(
      (d) =>
        d.event === "message_created" && d.body.includes("assinada") && d.state === "delivered",
    );
    const forged = delivery.body.replace("assinada", "forjada");
    const headers = { ...delivery.headers, "x-chatwoot-delivery": "forged-1" };
    const bad = await fetch(delivery.url, { method: "POST", headers, body: forged });
    expect(bad.status).toBe(401);
    const stale = {
      ...headers,
      "x-chatwoot-delivery": "stale-1",
      "x-chatwoot-timestamp": "1000000000",
    };
    const old = await fetch(delivery.url, { method: "POST", headers: stale, body: delivery.body });
    expect(old.status).toBe(401);
    const wrongSecret = delivery.url.replace(/\/[^/]+$/, "/not-the-secret");
    expect(
      (await fetch(wrongSecret, { method: "POST", headers, body: delivery.body })).status,
    ).toBe(404);
    await waitFor(async () => (await sentTexts()).includes("assinada"), "the genuine reply");
    await settle(gateway, inst);
    expect(await sentTexts()).not.toContain("forjada");
  });

  it("marks a reply that cannot be sent failed with the reason, and a replay delivers it", async () => {
    await gateway.server.request("POST", `/api/sandbox/faults/${inst.name}`, {
      token: inst.token,
      body: { unknownNumbers: ["5511955550002"] },
    });
    const reply = gateway.chatwoot.control.reply({ conversationId, content: "não vai" });
    const failed = await waitFor(
      () => {
        const message = gateway.chatwoot.control
          .messages({ conversationId })
          .find((m: Body) => m.id === reply.id) as Body;
        return message.status === "failed" ? message : undefined;
      },
      "the failed status",
      30_000,
    );
    expect(failed.content_attributes.external_error).toMatch(/Number not found on WhatsApp/);
    const note = await waitFor<Body>(
      () =>
        gateway.chatwoot.control
          .messages({ conversationId })
          .find((m: Body) => m.private === true && /could not deliver/.test(m.content as string)),
      "the private note",
    );
    expect(note.content).toMatch(/ponte bridge jobs retry \d+/);
    // The operator sees the dead letter and retries it through the gateway's admin routes.
    const bearer = {
      authorization: `Bearer ${fs.readFileSync(path.join(gateway.server.dataDir, "bridge.token"), "utf8").trim()}`,
    };
    const listed = await fetch(
      `${gateway.server.url}/v1/jobs?state=dead&integration_id=${inst.integrationId}`,
      {
        headers: bearer,
      },
    );
    const dead = ((await listed.json()) as { jobs: Body[] }).jobs;
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ kind: "cw.message", state: "dead" });
    expect(JSON.stringify(dead)).not.toContain("não vai");
    expect((await fetch(`${gateway.server.url}/v1/jobs?state=dead`)).status).toBe(401);

    await gateway.server.request("POST", `/api/sandbox/faults/${inst.name}`, {
      token: inst.token,
      body: { unknownNumbers: [] },
    });
    const retried = await fetch(`${gateway.server.url}/v1/jobs/${dead[0]!.id as number}/retry`, {
      method: "POST",
      headers: bearer,
    });
    expect(retried.status).toBe(200);
    await waitFor(
      async () => (await sentTexts()).includes("não vai"),
      "the replayed reply",
      30_000,
    );
    const healed = await waitFor(() => {
      const message = gateway.chatwoot.control
        .messages({ conversationId })
        .find((m: Body) => m.id === reply.id) as Body;
      return message.status === "sent" ? message : undefined;
    }, "the status back to sent");
    expect(healed.status).toBe("sent");
  }, 60_000);
});

/** Waits until the gateway has nothing left to do for the instance. */
async function settle(gateway: Gateway, inst: ActiveInstance): Promise<void> {
  await gateway.server.runtime.connections.settled(inst.id);
  await waitFor(
    async () => {
      const counts = await gateway.bridge().jobs.counts(inst.integrationId);
      return counts.open === 0;
    },
    "the queue to drain",
    30_000,
  );
  await gateway.chatwoot.control.waitForDeliveries();
}
