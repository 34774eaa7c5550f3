/**
 * Closing the HTTP server while a request is in flight: the answer still arrives, says
 * `Connection: close`, and its keep-alive connection ends with it, so the close does
 * not wait out the keep-alive timeout for a peer's idle socket.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createHttpServer } from "../../src/platform/http/server.js";
import { createLogger } from "../../src/platform/logger.js";

describe("closing with a request in flight", () => {
  it("answers it, ends its keep-alive connection, and finishes closing", async () => {
    const app = createHttpServer({ logger: createLogger("silent"), bodyLimit: 1024 });
    let arrived!: () => void;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    app.get("/slow", async () => {
      arrived();
      await held;
      return { ok: true };
    });
    // The handler answers once closing has begun.
    app.addHook("preClose", (done) => {
      release();
      done();
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as AddressInfo;
    const agent = new http.Agent({ keepAlive: true });

    const answer = new Promise<{
      status: number;
      connection: string | undefined;
      ended: Promise<void>;
    }>((resolve, reject) => {
      const request = http.get({ host: "127.0.0.1", port, path: "/slow", agent }, (response) => {
        response.resume();
        const socket = request.socket;
        if (socket === null) throw new Error("the request has no socket");
        const ended = new Promise<void>((done) => socket.once("close", () => done()));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            connection: response.headers.connection,
            ended,
          }),
        );
      });
      request.on("error", reject);
    });
    await inFlight;
    const closed = app.close();
    const { status, connection, ended } = await answer;
    expect(status).toBe(200);
    expect(connection).toBe("close");
    await ended;
    await closed;
    agent.destroy();
  });
});
