import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { connectedInstance, inbound, openWs, waitFor, wsUrl } from "./support/helpers.js";

describe("resumption while events keep coming", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("a client that reconnects repeatedly mid-burst sees every event exactly once, in order", async () => {
    const inst = await connectedInstance(server, {
      websocketEnabled: true,
      websocketEvents: ["message.exchange"],
    });
    const total = 30;
    const producer = (async () => {
      for (let i = 1; i <= total; i += 1) {
        await inbound(server, inst, { from: "5511900005151", text: String(i) });
      }
    })();
    const seen: string[] = [];
    let after = 0;
    for (let round = 0; round < 4 && seen.length < total; round += 1) {
      const client = await openWs(
        wsUrl(server, `/ws/${inst.name}?token=${inst.token}&after=${after}`),
      );
      // Take a few frames, then drop the connection in the middle of the burst.
      await waitFor(() => client.frames.length >= 3 || undefined, "some frames", 10_000).catch(
        () => undefined,
      );
      await client.close();
      for (const frame of client.frames) {
        seen.push(frame.data.message.content.text as string);
        after = frame.seq as number;
      }
    }
    await producer;
    const last = await openWs(wsUrl(server, `/ws/${inst.name}?token=${inst.token}&after=${after}`));
    await waitFor(() => seen.length + last.frames.length >= total, "the rest of the burst");
    for (const frame of last.frames) seen.push(frame.data.message.content.text as string);
    await last.close();
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => String(i + 1)));
  });
});
