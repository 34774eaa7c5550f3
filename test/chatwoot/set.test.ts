import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACTIVATE } from "../support/fake-bridge.js";
import {
  TEST_TIMEOUT_MS,
  accountWithInstance,
  integrationRow,
  setBody,
  startHarness,
  type Harness,
} from "./harness.js";

type Owner = Awaited<ReturnType<typeof accountWithInstance>>;

describe("POST /api/chatwoot/set/:instance", () => {
  let h: Harness;
  let owner: Owner;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    owner = await accountWithInstance(h.server);
  });

  const set = (body: unknown, token = owner.accountToken, name = owner.name) =>
    h.server.request<Record<string, any>>("POST", `/api/chatwoot/set/${name}`, { token, body });

  it("activates through the gateway and answers 201 with the documented object", async () => {
    const body = setBody({ signMessages: true, unknownField: "ignored" });
    const reply = await set(body);
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      instance: owner.name,
      status: "active",
      bridge_integration_id: expect.stringMatching(/^int_/),
      message: "chatwoot integration activated",
    });

    const [call] = h.bridge.callsTo("POST", ACTIVATE).slice(-1);
    expect(call?.authorization).toBe(`Bearer ${h.bridge.token}`);
    expect(call?.body).toEqual({
      instanceId: owner.id,
      instanceName: owner.name,
      chatwootBaseUrl: "https://chatwoot.example.com",
      chatwootAccountId: 5,
      chatwootApiToken: body.chatwootApiToken,
      inboxName: "WhatsApp - Orion",
      signMessages: true,
      ignoreGroups: false,
      startAsPending: false,
      reopenResolved: false,
      // Nothing happened on the instance yet: the integration relays from its first event.
      streamAfter: 0,
    });
    // The instance's own token never travels to the gateway.
    expect(JSON.stringify(call?.body)).not.toContain(owner.instanceToken);
  });

  it("works with the instance's own token too", async () => {
    const reply = await set(setBody(), owner.instanceToken);
    expect(reply.status).toBe(201);
  });

  it("stores the Chatwoot token sealed, never in plaintext", async () => {
    const body = setBody();
    await set(body);
    const row = await integrationRow(h.server, owner.id);
    expect(row?.chatwoot_api_token_sealed).toMatch(/^v1:/);
    expect(row?.chatwoot_api_token_sealed).not.toContain(body.chatwootApiToken);
    expect(JSON.stringify(row)).not.toContain(body.chatwootApiToken);
    expect(h.server.log.requestsTo(`/api/chatwoot/set/${owner.name}`)).not.toHaveLength(0);
    expect(h.server.log.text()).not.toContain(body.chatwootApiToken);
    expect(h.server.log.text()).not.toContain(h.bridge.token);
  });

  it("updates the existing integration on a second set (same row, same gateway id)", async () => {
    const first = await set(setBody());
    const before = await integrationRow(h.server, owner.id);
    const token = "cw-rotated-token";
    const second = await set(
      setBody({ chatwootApiToken: token, ignoreGroups: true, inboxName: "Renamed" }),
    );
    expect(second.status).toBe(201);
    expect(second.body.bridge_integration_id).toBe(first.body.bridge_integration_id);

    const [call] = h.bridge.callsTo("POST", ACTIVATE).slice(-1);
    expect(call?.body).toMatchObject({
      existingIntegrationId: first.body.bridge_integration_id,
      chatwootApiToken: token,
      ignoreGroups: true,
      inboxName: "Renamed",
    });
    const after = await integrationRow(h.server, owner.id);
    expect(after?.id).toBe(before?.id);
    expect(after?.created_at).toBe(before?.created_at);
    expect(after?.ignore_groups).toBe(1);
    expect(after?.chatwoot_inbox_name).toBe("Renamed");
    expect(after?.chatwoot_api_token_sealed).not.toBe(before?.chatwoot_api_token_sealed);

    const list = await h.server.request<Record<string, any>>(
      "GET",
      `/api/chatwoot/list/${owner.name}`,
      {
        token: owner.accountToken,
      },
    );
    expect(list.body.chatwoot_api_token).toBe(token);
  });

  it("leaves an existing integration untouched when the update fails", async () => {
    await set(setBody());
    const before = await integrationRow(h.server, owner.id);
    h.bridge.answer("POST", ACTIVATE, {
      status: 422,
      json: { kind: "unauthorized", detail: "Invalid Access Token" },
    });
    const reply = await set(setBody({ chatwootApiToken: "wrong" }));
    expect(reply.status).toBe(401);
    expect(await integrationRow(h.server, owner.id)).toEqual(before);
  });

  it("creates no row when the first activation fails", async () => {
    h.bridge.answer("POST", ACTIVATE, { status: 500, text: "boom" });
    const reply = await set(setBody());
    expect(reply.status).toBe(502);
    expect(await integrationRow(h.server, owner.id)).toBeUndefined();
  });

  it("answers 404 instance not found for an unknown instance", async () => {
    const calls = h.bridge.calls.length;
    const reply = await set(setBody(), owner.accountToken, "nope");
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ success: false, error: { message: "instance not found" } });
    expect(h.bridge.calls.length).toBe(calls);
  });

  describe("body validation → 400 invalid body", () => {
    const cases: [string, unknown, string][] = [
      ["no body", undefined, "invalid body: a JSON object is required"],
      ["malformed JSON", "{not json", "invalid body: malformed JSON"],
      [
        "missing chatwootApiToken",
        setBody({ chatwootApiToken: undefined }),
        "invalid body: chatwootApiToken: is required",
      ],
      [
        "empty chatwootApiToken",
        setBody({ chatwootApiToken: "  " }),
        "invalid body: chatwootApiToken: must not be empty",
      ],
      [
        "missing inboxName",
        setBody({ inboxName: undefined }),
        "invalid body: inboxName: is required",
      ],
      [
        "account id 0",
        setBody({ chatwootAccountId: 0 }),
        "invalid body: chatwootAccountId: must be an integer greater than 0",
      ],
      [
        "account id as text",
        setBody({ chatwootAccountId: "5" }),
        "invalid body: chatwootAccountId: must be an integer greater than 0",
      ],
      [
        "a base URL that is not http(s)",
        setBody({ chatwootBaseUrl: "ftp://x.example" }),
        "invalid body: chatwootBaseUrl: must be an http(s) URL",
      ],
      [
        "a flag that is not a boolean",
        setBody({ signMessages: "yes" }),
        "invalid body: signMessages: must be true or false",
      ],
    ];
    for (const [title, body, message] of cases) {
      it(title, async () => {
        const calls = h.bridge.calls.length;
        const reply = await set(body);
        expect(reply.status).toBe(400);
        expect(reply.body).toEqual({ success: false, error: { message } });
        expect(h.bridge.calls.length).toBe(calls);
      });
    }

    it("lists every problem at once", async () => {
      const reply = await set({ chatwootAccountId: -1 });
      expect(reply.status).toBe(400);
      const message = (reply.body as { error: { message: string } }).error.message;
      expect(message).toMatch(/^invalid body: /);
      for (const field of [
        "chatwootBaseUrl",
        "chatwootAccountId",
        "chatwootApiToken",
        "inboxName",
      ]) {
        expect(message).toContain(`${field}:`);
      }
    });
  });

  describe("failures reported by the gateway", () => {
    const chatwoot = (kind: string, detail: string) => ({ status: 422, json: { kind, detail } });
    const cases: [string, Parameters<Harness["bridge"]["answer"]>[2], number, string | RegExp][] = [
      [
        "Chatwoot not found",
        chatwoot("not_found", "Resource could not be found"),
        400,
        "Chatwoot account or endpoint not found — verify chatwootBaseUrl (https://chatwoot.example.com) and chatwootAccountId (5). Detail: Resource could not be found",
      ],
      [
        "Chatwoot invalid",
        chatwoot("invalid", "Name can't be blank"),
        400,
        "Chatwoot rejected the request as invalid — verify inboxName and the other fields. Detail: Name can't be blank",
      ],
      [
        "Chatwoot unauthorized",
        chatwoot("unauthorized", "Invalid Access Token"),
        401,
        "Chatwoot rejected the API token — verify chatwootApiToken. Detail: Invalid Access Token",
      ],
      [
        "Chatwoot forbidden",
        chatwoot("forbidden", "You are not authorized to do this action"),
        403,
        "Chatwoot denied the request — verify the API token has admin scope on account 5. Detail: You are not authorized to do this action",
      ],
      [
        "Chatwoot unreachable",
        {
          status: 502,
          json: { kind: "unreachable", detail: "getaddrinfo ENOTFOUND chatwoot.example.com" },
        },
        502,
        "Chatwoot is unreachable — verify chatwootBaseUrl (https://chatwoot.example.com) and that the integration gateway can reach it. Detail: getaddrinfo ENOTFOUND chatwoot.example.com",
      ],
      [
        "Chatwoot timeout",
        { status: 504, json: { kind: "timeout", detail: "no answer within 30000 ms" } },
        504,
        "Chatwoot did not answer in time — verify chatwootBaseUrl (https://chatwoot.example.com) and try again. Detail: no answer within 30000 ms",
      ],
      [
        "the gateway failing",
        { status: 500, text: "internal error" },
        502,
        "integration gateway failed — try again later. Detail: HTTP 500: internal error",
      ],
      [
        "the gateway answering garbage",
        { status: 201, text: "<html>hello</html>" },
        502,
        "integration gateway failed — try again later. Detail: invalid answer: Invalid input: expected object, received undefined",
      ],
      [
        "the gateway refusing BRIDGE_TOKEN",
        { status: 401, json: { error: "invalid bridge token" } },
        502,
        "integration gateway refused the server's credentials — the server operator must verify BRIDGE_TOKEN. Detail: HTTP 401",
      ],
      [
        "the gateway dropping the connection",
        { drop: true },
        502,
        // The code of a dropped socket depends on the Node version (UND_ERR_SOCKET on 20).
        /^integration gateway is unreachable — try again later\. Detail: \S+/,
      ],
    ];
    for (const [title, answer, status, message] of cases) {
      it(`${title} → ${status}`, async () => {
        h.bridge.answer("POST", ACTIVATE, answer);
        const reply = await set(setBody());
        expect(reply.status).toBe(status);
        expect(reply.body).toEqual({
          success: false,
          error: {
            message: typeof message === "string" ? message : expect.stringMatching(message),
          },
        });
        expect(await integrationRow(h.server, owner.id)).toBeUndefined();
      });
    }

    it("the gateway not answering in time → 504", async () => {
      h.bridge.answer("POST", ACTIVATE, { hang: true });
      const reply = await set(setBody());
      expect(reply.status).toBe(504);
      expect(reply.body).toEqual({
        success: false,
        error: {
          message: `integration gateway did not answer in time — try again. Detail: no answer within ${TEST_TIMEOUT_MS} ms`,
        },
      });
      expect(await integrationRow(h.server, owner.id)).toBeUndefined();
    });

    it("a retry after a timeout the gateway survived reuses its integration (one per instance)", async () => {
      // The gateway finished the first activation, but its answer came too late.
      h.bridge.answer("POST", ACTIVATE, { hang: true });
      expect((await set(setBody())).status).toBe(504);
      h.bridge.integrations.set("int_late", {
        id: "int_late",
        request: {
          instanceId: owner.id,
          instanceName: owner.name,
          chatwootBaseUrl: "https://chatwoot.example.com",
          chatwootAccountId: 5,
          chatwootApiToken: "token-of-the-first-try",
          inboxName: "WhatsApp - Orion",
          signMessages: false,
          ignoreGroups: false,
          startAsPending: false,
          reopenResolved: false,
        },
        status: "active",
        lastError: "",
        inboxId: 7,
        inboxName: "WhatsApp - Orion",
      });
      const retry = await set(setBody());
      expect(retry.status).toBe(201);
      expect(retry.body.bridge_integration_id).toBe("int_late");
      const mine = [...h.bridge.integrations.values()].filter(
        (i) => i.request.instanceId === owner.id,
      );
      expect(mine.map((i) => i.id)).toEqual(["int_late"]);
    });

    it("the gateway refusing connections → 502", async () => {
      await h.bridge.refuseConnections();
      try {
        const reply = await set(setBody());
        expect(reply.status).toBe(502);
        expect(reply.body).toEqual({
          success: false,
          error: {
            message: "integration gateway is unreachable — try again later. Detail: ECONNREFUSED",
          },
        });
      } finally {
        await h.bridge.acceptConnections();
      }
      expect(await integrationRow(h.server, owner.id)).toBeUndefined();
    });
  });
});
