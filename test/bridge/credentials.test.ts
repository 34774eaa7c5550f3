/**
 * Chatwoot refusing the integration's token shows in its status: `GET /api/chatwoot/list`
 * says `error` with the reason while the jobs keep retrying, and once Chatwoot accepts
 * the token again the message goes through and the status is `active` again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor, type Body } from "../events/support/helpers.js";
import {
  activeInstance,
  customerSays,
  startGateway,
  waitForMessages,
  type Gateway,
} from "./support/gateway-harness.js";

describe("a token Chatwoot stops accepting", () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("puts the integration in error with the reason, then back to active once accepted", async () => {
    const inst = await activeInstance(gateway);
    const list = () =>
      gateway.server.request<Body>("GET", `/api/chatwoot/list/${inst.name}`, {
        token: inst.token,
      });
    gateway.chatwoot.control.addFault({
      kind: "error",
      status: 401,
      route: "contacts.create",
      body: { error: "Invalid Access Token" },
    });
    await customerSays(gateway, inst, "5511955550102", "token revogado");
    const refused = await waitFor(
      async () => {
        const answer = await list();
        return answer.body.status === "error" ? answer.body : undefined;
      },
      "the refusal in the integration's status",
      30_000,
    );
    expect(refused.last_error).toMatch(
      /^Chatwoot refused the integration's API token \(HTTP 401\)/,
    );
    expect(refused.last_error).toMatch(/chatwootApiToken/);
    // Nothing is lost meanwhile: the message waits, and goes once the token works.
    expect(await gateway.bridge().jobs.counts(inst.integrationId)).toMatchObject({ dead: 0 });

    gateway.chatwoot.control.clearFaults();
    await waitForMessages(gateway, inst.inboxId, (m) => m.length === 1, "the message");
    await waitFor(
      async () => ((await list()).body.status === "active" ? true : undefined),
      "the status back to active",
      30_000,
    );
    expect((await list()).body.last_error ?? "").toBe("");
  }, 90_000);
});
