/** The quota of an account holds when its creations arrive at the same moment. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

const TRIALS = 5;
const CONCURRENT = 4;

describe("instance quota under concurrent requests", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("creates exactly one instance when four creations race for the last one", async () => {
    for (let trial = 0; trial < TRIALS; trial += 1) {
      const account = await server.createAccount(`Racer ${trial}`, 1);
      const replies = await Promise.all(
        Array.from({ length: CONCURRENT }, (_, i) =>
          server.request("POST", "/api/instance/new", {
            token: account.token,
            body: { name: `race-${trial}-${i}`, provider: "sandbox" },
          }),
        ),
      );
      const statuses = replies.map((reply) => reply.status).sort();
      expect(statuses).toEqual([201, 403, 403, 403]);
      for (const reply of replies.filter((r) => r.status === 403)) {
        expect(reply.body).toEqual({
          success: false,
          error: { message: "Account instance quota exceeded" },
        });
      }
      const list = await server.request<{ instances: unknown[] }>("GET", "/api/instance/list", {
        token: account.token,
      });
      expect(list.body.instances).toHaveLength(1);
    }
  });
});
