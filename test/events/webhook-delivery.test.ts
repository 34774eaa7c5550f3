import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../src/platform/crypto.js";
import { startTestServer, type TestServer } from "../support/server.js";
import {
  connectedInstance,
  inbound,
  startWebhookTarget,
  waitFor,
  type Body,
  type WebhookTarget,
} from "./support/helpers.js";

const MAX_ATTEMPTS = 4;

describe("webhook delivery: durable, retried, ordered, dead-lettered", () => {
  let server: TestServer;
  let target: WebhookTarget;

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        WEBHOOK_RETRY_BASE_MS: "10",
        WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
        WEBHOOK_TIMEOUT_MS: "5000",
      },
    });
  });
  afterEach(async () => {
    await target.close();
  });
  afterAll(async () => {
    await server.close();
  });

  async function withWebhook(body: Record<string, unknown> = {}) {
    target = await startWebhookTarget();
    const inst = await connectedInstance(server);
    const reply = await server.request("POST", `/api/events/webhook/${inst.name}`, {
      token: inst.token,
      body: { url: target.url, events: ["message.exchange"], ...body },
    });
    expect(reply.status).toBe(200);
    return inst;
  }

  const texts = (received: { body: Body }[]) =>
    received.map((r) => r.body.data.message.content.text);

  it("appends the event name to the URL with byEvents", async () => {
    const inst = await withWebhook({ byEvents: true });
    await inbound(server, inst, { from: "5511900000001", text: "one" });
    const delivery = await waitFor(() => target.received[0], "delivery");
    expect(delivery.path).toBe("/hook/message.exchange");
    expect(delivery.headers["x-ponte-event"]).toBe("message.exchange");
    expect(delivery.headers["content-type"]).toBe("application/json");
    expect(delivery.headers.authorization).toBeUndefined();
  });

  it("a target that fails 3 times then succeeds gets every event once, in order", async () => {
    const inst = await withWebhook();
    target.respond = (_attempt, index) => (index < 3 ? 503 : 200);
    for (const text of ["first", "second", "third"]) {
      await inbound(server, inst, { from: "5511900000002", text });
    }
    await waitFor(() => target.received.length === 3 && true, "three deliveries");
    expect(texts(target.received)).toEqual(["first", "second", "third"]);
    // The head waited out its retries before the others went (per-webhook order).
    expect(target.attempts.slice(0, 4).map((a) => a.body.data.message.content.text)).toEqual([
      "first",
      "first",
      "first",
      "first",
    ]);
    expect(target.attempts[3]!.headers["x-ponte-attempt"]).toBe("4");
    const seqs = target.received.map((r) => r.body.seq as number);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const dead = await server.request<Body>("GET", `/api/events/getDeadLetters/${inst.name}`, {
      token: inst.token,
    });
    expect(dead.body.deadLetters).toEqual([]);
  });

  it("a target that always fails ends in the dead-letter list and can be replayed", async () => {
    const inst = await withWebhook({ label: "flaky" });
    target.respond = () => 500;
    const sent = await inbound(server, inst, { from: "5511900000003", text: "lost?" });
    const list = () =>
      server.request<Body>("GET", `/api/events/getDeadLetters/${inst.name}?label=flaky`, {
        token: inst.token,
      });
    const dead = await waitFor(async () => {
      const reply = await list();
      return reply.body.deadLetters.length === 1 ? reply.body : undefined;
    }, "a dead letter");
    expect(target.attempts).toHaveLength(MAX_ATTEMPTS);
    expect(dead.message).toBe("1 dead letter found");
    expect(dead.deadLetters[0]).toMatchObject({
      label: "flaky",
      event: "message.exchange",
      seq: sent.seq,
      attempts: MAX_ATTEMPTS,
      lastStatus: 500,
      lastError: "target answered HTTP 500",
    });

    target.respond = () => 200;
    const replay = await server.request<Body>(
      "POST",
      `/api/events/replayDeadLetters/${inst.name}`,
      {
        token: inst.token,
        body: { ids: [dead.deadLetters[0].id] },
      },
    );
    expect(replay.body).toEqual({ success: true, message: "1 dead letter requeued", replayed: 1 });
    const delivered = await waitFor(() => target.received[0], "the replayed delivery");
    expect(delivered.body.data.id).toBe(sent.messageId);
    expect((await list()).body.deadLetters).toEqual([]);
  });

  it("dead-letters at once on an answer that retrying cannot fix (4xx)", async () => {
    const inst = await withWebhook();
    target.respond = () => 410;
    await inbound(server, inst, { from: "5511900000004", text: "gone" });
    const dead = await waitFor(async () => {
      const reply = await server.request<Body>("GET", `/api/events/getDeadLetters/${inst.name}`, {
        token: inst.token,
      });
      return reply.body.deadLetters[0];
    }, "a dead letter");
    expect(dead).toMatchObject({ attempts: 1, lastStatus: 410 });
    expect(target.attempts).toHaveLength(1);
  });

  it("a slow target holds up neither the instance's other webhooks nor other instances", async () => {
    const inst = await withWebhook({ label: "slow" });
    const slow = target;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    slow.respond = async () => {
      await gate;
      return 200;
    };
    const fast = await startWebhookTarget();
    const other = await connectedInstance(server);
    const otherTarget = await startWebhookTarget();
    try {
      await server.request("POST", `/api/events/webhook/${inst.name}`, {
        token: inst.token,
        body: { label: "fast", url: fast.url },
      });
      await server.request("POST", `/api/events/webhook/${other.name}`, {
        token: other.token,
        body: { url: otherTarget.url },
      });
      for (const text of ["a", "b", "c"])
        await inbound(server, inst, { from: "5511900000005", text });
      await inbound(server, other, { from: "5511900000006", text: "elsewhere" });

      await waitFor(() => fast.received.length === 3 && true, "the fast webhook's deliveries");
      await waitFor(
        () => otherTarget.received.length === 1 && true,
        "the other instance's delivery",
      );
      expect(slow.attempts).toHaveLength(1);
      expect(slow.received).toHaveLength(0);
      release();
      await waitFor(() => slow.received.length === 3 && true, "the slow webhook's deliveries");
      expect(texts(slow.received)).toEqual(["a", "b", "c"]);
    } finally {
      release();
      await fast.close();
      await otherTarget.close();
    }
  });

  it("after a key rotation, echoes the sealed authorization and stops sending it", async () => {
    const inst = await withWebhook({ label: "rotated", authorization: "Bearer old" });
    const foreign = SecretBox.fromKey("c".repeat(64)).seal("Bearer old");
    await server.runtime.database.db
      .updateTable("webhook_configs")
      .set({ authorization_sealed: foreign })
      .where("instance_id", "=", inst.id)
      .execute();
    const read = await server.request<Body>(
      "GET",
      `/api/events/getWebhook/${inst.name}?label=rotated`,
      { token: inst.token },
    );
    expect(read.body.webhook.authorization).toBe(foreign);
    await inbound(server, inst, { from: "5511900000008", text: "hi" });
    const delivery = await waitFor(() => target.received[0], "the delivery");
    expect(delivery.headers.authorization).toBeUndefined();
  });

  it("a disabled webhook receives nothing", async () => {
    const inst = await withWebhook({ label: "off" });
    await server.request("POST", `/api/events/webhook/${inst.name}`, {
      token: inst.token,
      body: { label: "off", enabled: false },
    });
    const canary = await startWebhookTarget();
    try {
      await server.request("POST", `/api/events/webhook/${inst.name}`, {
        token: inst.token,
        body: { label: "canary", url: canary.url },
      });
      await inbound(server, inst, { from: "5511900000007", text: "hello" });
      await waitFor(() => canary.received[0], "the canary's delivery");
      expect(target.attempts).toHaveLength(0);
    } finally {
      await canary.close();
    }
  });
});
