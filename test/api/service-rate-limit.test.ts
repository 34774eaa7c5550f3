/**
 * The gateway's service token (BRIDGE_TOKEN) acts for every instance: its rate limit is
 * a bucket per instance, each bounded by RATE_LIMIT_SERVICE.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/platform/clock.js";
import { startTestServer, type TestServer } from "../support/server.js";

const LIMIT = 3;
const BRIDGE_TOKEN = "bridge-service-token-rate-limit-01";

describe("service token rate limit", () => {
  let server: TestServer;
  let first: { id: string };
  let second: { id: string };

  beforeAll(async () => {
    server = await startTestServer({
      // A clock that stands still: no window ends in the middle of the test.
      clock: new ManualClock(),
      env: {
        BRIDGE_URL: "http://127.0.0.1:9",
        BRIDGE_TOKEN,
        RATE_LIMIT_SERVICE: String(LIMIT),
        RATE_LIMIT_GLOBAL: "1000",
        RATE_LIMIT_INSTANCE_CREATE: "1000",
      },
    });
    const account = await server.createAccount("Gateway users", 10);
    first = await server.createInstance(account.token);
    second = await server.createInstance(account.token);
  });
  afterAll(async () => {
    await server.close();
  });

  const settings = (instanceId: string) =>
    server.request("GET", `/api/instance/getSettings/${instanceId}`, { token: BRIDGE_TOKEN });

  it("counts each instance in its own bucket, and each bucket is bounded", async () => {
    for (let remaining = LIMIT - 1; remaining >= 0; remaining -= 1) {
      const reply = await settings(first.id);
      expect(reply.status).toBe(200);
      expect(reply.headers.get("x-ratelimit-limit")).toBe(String(LIMIT));
      expect(reply.headers.get("x-ratelimit-remaining")).toBe(String(remaining));
    }
    const over = await settings(first.id);
    expect(over.status).toBe(429);
    expect(over.body).toEqual({
      success: false,
      error: { message: "Rate limit exceeded. Try again later." },
    });

    // The other instance's bucket is untouched by the first one's traffic…
    const other = await settings(second.id);
    expect(other.status).toBe(200);
    expect(other.headers.get("x-ratelimit-remaining")).toBe(String(LIMIT - 1));
    // …and bounded all the same.
    await settings(second.id);
    await settings(second.id);
    expect((await settings(second.id)).status).toBe(429);
  });
});
