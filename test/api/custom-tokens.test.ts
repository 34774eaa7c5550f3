/**
 * A client-chosen TokenInstance (issue 14, item 6) must be strong and may not take the
 * value of any other credential: another instance's, an account's, the service token.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import type { Body } from "../events/support/helpers.js";

const BRIDGE_TOKEN = "svc-Bridge-Token-0123456789-abcdefghij";
const TAKEN = { success: false, error: { message: "Instance token already in use" } };

describe("custom instance tokens", () => {
  let server: TestServer;
  let account: { id: string; token: string };
  const create = (name: string, token: string) =>
    server.request<Body>("POST", "/api/instance/new", {
      token: account.token,
      body: { name, provider: "sandbox", token },
    });

  beforeAll(async () => {
    server = await startTestServer({ env: { BRIDGE_URL: "http://127.0.0.1:9", BRIDGE_TOKEN } });
    account = await server.createAccount();
  });
  afterAll(async () => {
    await server.close();
  });

  it("refuses the gateway's service token and any account's token", async () => {
    expect((await create("svc", BRIDGE_TOKEN)).body).toEqual(TAKEN);
    expect((await create("acc", account.token)).body).toEqual(TAKEN);
    const other = await server.createAccount("Other");
    const reply = await create("other-acc", other.token);
    expect(reply.status).toBe(409);
    // The service token still acts as the service, not as an instance.
    const list = await server.request<Body>("GET", "/api/instance/list", { token: BRIDGE_TOKEN });
    expect(list.status).not.toBe(200);
  });

  it.each([
    ["too short", "short-token-1234"],
    ["too few different characters", "a".repeat(20) + "b".repeat(20)],
    ["characters unsafe in a query", "my token with spaces 0123456789abcdef"],
  ])("refuses a weak token (%s) with the documented 400", async (_why, token) => {
    const reply = await create("weak", token);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe(
      "Invalid request body: token: must be 32 to 256 characters of letters, digits, '-', '_', '.' or '~', with at least 8 different characters",
    );
  });

  it("accepts a strong token", async () => {
    const reply = await create("strong", "Strong_token-0123456789.abcdefgh~XYZ");
    expect(reply.status).toBe(201);
  });
});
