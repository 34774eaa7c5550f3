import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenLocal, type LocalServer } from "../../../../test/support/local-server.js";
import { sendDelivery } from "./webhook-sender.js";

/**
 * A target with three paths: `/ok` answers 204, `/silent` never answers, `/trickle`
 * sends its headers and then a body that never ends.
 */
describe("sendDelivery", () => {
  let server: LocalServer;
  const dispatcher = new Agent();
  const send = (path: string, timeoutMs: number, stop = new AbortController().signal) =>
    sendDelivery(
      { url: `${server.url}${path}`, headers: { "content-type": "application/json" }, body: "{}" },
      timeoutMs,
      stop,
      Date.now,
      dispatcher,
    );

  beforeAll(async () => {
    server = await listenLocal((request, response) => {
      request.resume();
      if (request.url === "/ok") response.writeHead(204).end();
      else if (request.url === "/trickle") {
        response.writeHead(200, { "content-type": "text/plain" });
        response.write("a");
      }
    });
  });
  afterAll(async () => {
    await server.close();
    await dispatcher.close();
  });

  it("delivers to a target that answers", async () => {
    expect(await send("/ok", 1_000)).toEqual({ ok: true, value: { status: 204 } });
  });

  it("times out a target that never answers, and says it may be retried", async () => {
    expect(await send("/silent", 100)).toMatchObject({
      ok: false,
      failure: { kind: "timeout", retryable: true, detail: "timed out after 100 ms" },
    });
  });

  it("takes the status of an answer whose body never ends, and stops reading at the deadline", async () => {
    // The target said 200: it has the delivery. Reading the rest of its body ends with
    // the deadline instead of holding the delivery (and its lane) for ever.
    expect(await send("/trickle", 100)).toEqual({ ok: true, value: { status: 200 } });
  });

  it("stops when the process does, without counting the attempt", async () => {
    const stop = new AbortController();
    const sending = send("/silent", 10_000, stop.signal);
    setTimeout(() => stop.abort(), 50);
    expect(await sending).toEqual({ stopped: true });
  });
});
