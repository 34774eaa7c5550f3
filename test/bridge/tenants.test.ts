/**
 * Tenant safety: two ponte instances, each integrated with its own Chatwoot account,
 * whose Chatwoot ids collide (conversation display ids count per account; across two
 * Chatwoot installations inbox, account, conversation and message ids all do). The same
 * customer writes to both; agents of both answer. No customer ever receives the other
 * tenant's reply, no message lands in the other account, and a webhook of one tenant
 * posted to the other's URL is not acted on.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startChatwootEmulator,
  type ChatwootEmulator,
} from "../../tools/chatwoot-emulator/emulator.js";
import { waitFor, type Body } from "../events/support/helpers.js";
import {
  liveInstance,
  customerSays,
  outbox,
  startGateway,
  type ActiveInstance,
  type Gateway,
} from "./support/gateway-harness.js";

/** One customer, writing to both businesses. */
const CUSTOMER = "5511933330001";
const ROUNDS = 3;

interface Tenant {
  label: string;
  inst: ActiveInstance;
  chatwoot: ChatwootEmulator;
  accountId: number;
}

/** Every message of a tenant's Chatwoot account, activity messages left out. */
function accountMessages(tenant: Tenant): Body[] {
  const { control } = tenant.chatwoot;
  return (control.conversations(tenant.accountId) as Body[]).flatMap((c) =>
    (control.messages({ accountId: tenant.accountId, conversationId: c.id as number }) as Body[])
      .filter((m) => m.message_type !== 2)
      .map((m) => ({ ...m, conversation: c.id as number, inbox: c.inbox_id as number })),
  );
}

async function sentTexts(gateway: Gateway, tenant: Tenant): Promise<string[]> {
  return (await outbox(gateway, tenant.inst))
    .filter((e) => e.kind === "text")
    .map((e) => e.text as string);
}

async function settle(gateway: Gateway, tenants: Tenant[]): Promise<void> {
  for (const t of tenants) {
    await gateway.server.runtime.connections.settled(t.inst.id);
    await waitFor(
      async () => {
        const counts = await gateway.bridge().jobs.counts(t.inst.integrationId);
        return counts.open === 0;
      },
      "the queue to drain",
      30_000,
    );
    await t.chatwoot.control.waitForDeliveries();
  }
}

/**
 * The customer and each tenant's agent take turns; returns the Chatwoot message ids of
 * each tenant's agent replies. Asserts as it goes that each reply reaches only its own
 * tenant's customer.
 */
async function converse(gateway: Gateway, tenants: Tenant[]): Promise<Map<string, number[]>> {
  const replies = new Map<string, number[]>(tenants.map((t) => [t.label, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const t of tenants) {
      const text = `cliente para ${t.label} ${round}`;
      await customerSays(gateway, t.inst, CUSTOMER, text);
      const message = await waitFor(
        () => accountMessages(t).find((m) => m.content === text),
        `"${text}" in ${t.label}'s Chatwoot`,
        30_000,
      );
      const reply = t.chatwoot.control.reply({
        accountId: t.accountId,
        conversationId: message.conversation as number,
        content: `agente de ${t.label} ${round}`,
      });
      replies.get(t.label)!.push(reply.id as number);
    }
    for (const t of tenants) {
      await waitFor(
        async () => (await sentTexts(gateway, t)).includes(`agente de ${t.label} ${round}`),
        `${t.label}'s reply ${round} on WhatsApp`,
        30_000,
      );
    }
  }
  await settle(gateway, tenants);
  return replies;
}

function expectSeparated(gateway: Gateway, tenants: Tenant[]) {
  return Promise.all(
    tenants.map(async (t) => {
      const expected = Array.from({ length: ROUNDS }, (_, r) => `agente de ${t.label} ${r}`);
      expect(await sentTexts(gateway, t)).toEqual(expected);
      const contents = accountMessages(t).map((m) => m.content as string);
      const own = Array.from({ length: ROUNDS }, (_, r) => [
        `cliente para ${t.label} ${r}`,
        `agente de ${t.label} ${r}`,
      ]).flat();
      expect([...contents].sort()).toEqual([...own].sort());
      expect(accountMessages(t).every((m) => m.inbox === t.inst.inboxId)).toBe(true);
    }),
  );
}

describe(
  "two Chatwoot accounts on one Chatwoot, one per ponte instance",
  { timeout: 90_000 },
  () => {
    let gateway: Gateway;
    let tenants: Tenant[];
    let replies: Map<string, number[]>;

    beforeAll(async () => {
      gateway = await startGateway({ chatwoot: { accounts: ["Acme", "Globex"] } });
      const [acme, globex] = gateway.chatwoot.accounts;
      tenants = [
        {
          label: "A",
          inst: await liveInstance(gateway, {}, 0),
          chatwoot: gateway.chatwoot,
          accountId: acme!.id,
        },
        {
          label: "B",
          inst: await liveInstance(gateway, {}, 1),
          chatwoot: gateway.chatwoot,
          accountId: globex!.id,
        },
      ];
    });
    afterAll(async () => {
      await gateway.close();
    });

    it("exchanges messages both ways with colliding conversation ids, never crossing", async () => {
      replies = await converse(gateway, tenants);
      const [a, b] = tenants as [Tenant, Tenant];
      // The collision is real: both conversations are number 1 of their account.
      const convA = gateway.chatwoot.control.conversations(a.accountId) as Body[];
      const convB = gateway.chatwoot.control.conversations(b.accountId) as Body[];
      expect(convA.map((c) => c.id)).toEqual([1]);
      expect(convB.map((c) => c.id)).toEqual([1]);
      await expectSeparated(gateway, tenants);
    }, 120_000);

    it("does not act on A's webhook posted to B's URL with B's path secret", async () => {
      const [a, b] = tenants as [Tenant, Tenant];
      const control = gateway.chatwoot.control;
      const lastA = replies.get("A")!.at(-1)!;
      const delivery = control
        .deliveries({ event: "message_created", inboxId: a.inst.inboxId, state: "delivered" })
        .find((d) => d.payload.id === lastA);
      expect(delivery).toBeDefined();
      const inboxB = (control.inboxes(b.accountId) as Body[]).find((i) => i.id === b.inst.inboxId)!;
      const urlB = inboxB.webhook_url as string;
      const before = await sentTexts(gateway, b);

      // As Chatwoot signed it for A: B's inbox secret does not verify it.
      const asIs = await fetch(urlB, {
        method: "POST",
        headers: { ...delivery!.headers, "x-chatwoot-delivery": "cross-tenant-1" },
        body: delivery!.body,
      });
      expect(asIs.status).toBe(401);

      // Even signed with B's own secret (B's secret leaked, or a Chatwoot that does not
      // sign), a payload naming A's inbox is not acted on: its conversation 1 is also B's.
      const forged = JSON.stringify({
        ...delivery!.payload,
        id: 900_000 + lastA,
        content: "forjada para B",
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = `sha256=${createHmac("sha256", inboxB.secret as string)
        .update(`${timestamp}.${forged}`)
        .digest("hex")}`;
      const resigned = await fetch(urlB, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-chatwoot-delivery": "cross-tenant-2",
          "x-chatwoot-timestamp": timestamp,
          "x-chatwoot-signature": signature,
        },
        body: forged,
      });
      expect(resigned.status).toBe(200);
      expect(await resigned.json()).toMatchObject({ queued: false });
      await settle(gateway, tenants);
      expect(await sentTexts(gateway, b)).toEqual(before);
      expect(await sentTexts(gateway, a)).not.toContain("forjada para B");
    });
  },
);

describe("two Chatwoot installations whose inbox, account, conversation and message ids all collide", () => {
  let gateway: Gateway;
  let second: ChatwootEmulator;
  let tenants: Tenant[];

  beforeAll(async () => {
    gateway = await startGateway();
    second = await startChatwootEmulator({
      rateLimit: false,
      limits: { conversationMessagesPerMinute: 100_000 },
    });
    tenants = [
      {
        label: "A",
        inst: await liveInstance(gateway, {}, 0),
        chatwoot: gateway.chatwoot,
        accountId: gateway.chatwoot.accounts[0]!.id,
      },
      {
        label: "B",
        inst: await liveInstance(gateway, {}, 0, second),
        chatwoot: second,
        accountId: second.accounts[0]!.id,
      },
    ];
  });
  afterAll(async () => {
    await gateway.close();
    await second.close();
  });

  it("exchanges messages both ways, never crossing", async () => {
    const [a, b] = tenants as [Tenant, Tenant];
    expect(b.accountId).toBe(a.accountId);
    expect(b.inst.inboxId).toBe(a.inst.inboxId);
    const replies = await converse(gateway, tenants);
    expect(replies.get("B")).toEqual(replies.get("A"));
    const ids = (t: Tenant) => accountMessages(t).map((m) => m.id as number);
    expect(ids(b)).toEqual(ids(a));
    const conversations = (t: Tenant) =>
      (t.chatwoot.control.conversations(t.accountId) as Body[]).map((c) => c.id);
    expect(conversations(a)).toEqual([1]);
    expect(conversations(b)).toEqual([1]);
    await expectSeparated(gateway, tenants);
  }, 120_000);
});
