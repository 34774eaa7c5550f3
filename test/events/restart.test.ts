import { describe, expect, it } from "vitest";
import { startTestServer } from "../support/server.js";
import {
  connectedInstance,
  inbound,
  openWs,
  startWebhookTarget,
  waitFor,
  wsUrl,
} from "./support/helpers.js";

const ENV = { WEBHOOK_RETRY_BASE_MS: "10", WEBHOOK_MAX_ATTEMPTS: "20" };

describe("restart mid-stream", () => {
  it("keeps the event log and the webhook queue; a stream resumes exactly once, in order", async () => {
    const target = await startWebhookTarget();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first attempt hangs until the server has stopped (it is aborted, not counted);
    // later ones fail, so deliveries are still queued when the server stops.
    target.respond = async (_attempt, index) => {
      if (index === 0) await gate;
      return 503;
    };
    const first = await startTestServer({ env: ENV });
    const inst = await connectedInstance(first, {
      webhookURL: target.url,
      webhookEvents: ["message.exchange"],
      websocketEnabled: true,
      websocketEvents: ["message.exchange"],
    });
    const client = await openWs(wsUrl(first, `/ws/${inst.name}?token=${inst.token}`));
    for (const text of ["1", "2", "3"]) await inbound(first, inst, { from: "5511900007777", text });
    await waitFor(() => client.frames.length === 3, "three frames before the restart");
    await waitFor(() => target.attempts.length >= 1, "a delivery in flight");
    await first.close(false);
    expect((await client.closed).code).toBe(1001);
    release();
    const lastSeen = client.frames.at(-1)!.seq;

    target.respond = () => 200;
    const second = await startTestServer({
      env: ENV,
      dataDir: first.dataDir,
      ...(first.pgSchema === undefined ? {} : { pgSchema: first.pgSchema }),
    });
    try {
      for (const text of ["4", "5"]) await inbound(second, inst, { from: "5511900007777", text });
      const resumed = await openWs(
        wsUrl(second, `/ws/${inst.name}?token=${inst.token}&after=${lastSeen}`),
      );
      await inbound(second, inst, { from: "5511900007777", text: "6" });
      await waitFor(() => resumed.frames.length === 3, "the frames after the restart");
      expect(resumed.frames.map((f) => f.data.message.content.text)).toEqual(["4", "5", "6"]);
      expect(resumed.frames[0]!.seq).toBeGreaterThan(lastSeen);

      await waitFor(() => target.received.length === 6, "every delivery");
      const delivered = target.received.map((r) => r.body);
      expect(delivered.map((b) => b.data.message.content.text)).toEqual([
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
      ]);
      const seqs = delivered.map((b) => b.seq as number);
      expect(new Set(seqs).size).toBe(6);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      await resumed.close();
    } finally {
      await second.close();
      await target.close();
    }
  });
});
