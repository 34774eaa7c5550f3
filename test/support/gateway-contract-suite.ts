/**
 * The contract suite every integration gateway passes (src/contracts/bridge.ts): the fake
 * gateway the API's tests use and the real one. It speaks HTTP to `/v1/integrations` as
 * the API's gateway client does and checks each answer against the contract's schemas.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BRIDGE_ACTIVATE_PATH,
  CHATWOOT_FAILURE_STATUS,
  activateRequestSchema,
  activateResponseSchema,
  bridgeAuthorization,
  bridgeIntegrationPath,
  chatwootFailureBodySchema,
  gatewayErrorBodySchema,
  integrationStateSchema,
  type ActivateRequest,
  type ChatwootFailureKind,
} from "../../src/contracts/bridge.js";
import { describeJobContract } from "./gateway-jobs-contract.js";

export interface GatewayContractTarget {
  /** Where the gateway's `/v1/integrations` routes live, without a trailing `/`. */
  url: string;
  /** Its BRIDGE_TOKEN. */
  token: string;
  /** A valid activate request for an instance the gateway has no integration for yet. */
  activateRequest(): Promise<ActivateRequest>;
  /** Arranges that Chatwoot fails this way and answers the request that will meet it. */
  chatwootFailure(kind: ChatwootFailureKind): Promise<ActivateRequest>;
  /** An integration with a dead job that succeeds when it runs again (the job calls). */
  deadJob(): Promise<{ integrationId: string; jobId: number }>;
  close(): Promise<void>;
}

export interface GatewayContractOptions {
  start(): Promise<GatewayContractTarget>;
  /** The Chatwoot failures the target can arrange. */
  failureKinds: readonly ChatwootFailureKind[];
}

interface Answer {
  status: number;
  text: string;
  json: unknown;
}

/** Bodies that break activateRequestSchema, each with what is wrong. */
function brokenBodies(valid: ActivateRequest): { what: string; body: string }[] {
  const withoutInstance: Partial<ActivateRequest> = { ...valid };
  delete withoutInstance.instanceId;
  const json = (what: string, value: unknown) => ({ what, body: JSON.stringify(value) });
  return [
    json("an empty object", {}),
    json("an array", [valid]),
    json("no instanceId", withoutInstance),
    json("an empty instanceId", { ...valid, instanceId: "" }),
    json("a chatwootAccountId of 0", { ...valid, chatwootAccountId: 0 }),
    json("a chatwootAccountId as text", { ...valid, chatwootAccountId: "5" }),
    json("a chatwootBaseUrl ending in /", {
      ...valid,
      chatwootBaseUrl: `${valid.chatwootBaseUrl}/`,
    }),
    json("a chatwootBaseUrl that is not http(s)", { ...valid, chatwootBaseUrl: "ftp://chatwoot" }),
    json("an empty chatwootApiToken", { ...valid, chatwootApiToken: "" }),
    json("an empty inboxName", { ...valid, inboxName: "" }),
    json("a flag that is not a boolean", { ...valid, signMessages: "yes" }),
    json("a missing flag", { ...valid, reopenResolved: undefined }),
    json("an existingIntegrationId that is not path-safe", {
      ...valid,
      existingIntegrationId: "int/../x",
    }),
    { what: "malformed JSON", body: '{"instanceId": ' },
  ];
}

export function describeGatewayContract(title: string, options: GatewayContractOptions): void {
  describe(`gateway contract: ${title}`, () => {
    let target: GatewayContractTarget;

    beforeAll(async () => {
      target = await options.start();
    });
    afterAll(async () => {
      await target.close();
    });

    const call = async (
      method: "GET" | "POST" | "DELETE",
      path: string,
      opts: { body?: string; authorization?: string | null } = {},
    ): Promise<Answer> => {
      const headers: Record<string, string> = {};
      const authorization =
        opts.authorization === undefined ? bridgeAuthorization(target.token) : opts.authorization;
      if (authorization !== null) headers.authorization = authorization;
      if (opts.body !== undefined) headers["content-type"] = "application/json";
      const response = await fetch(`${target.url}${path}`, {
        method,
        headers,
        body: opts.body,
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = text === "" ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, text, json };
    };
    const activate = (request: unknown, authorization?: string | null) =>
      call("POST", BRIDGE_ACTIVATE_PATH, { body: JSON.stringify(request), authorization });

    /** The gateway's own failure: `{error}`, never a body with `kind`. */
    const expectGatewayError = (answer: Answer, status: number) => {
      expect(answer.status, answer.text).toBe(status);
      expect(gatewayErrorBodySchema.safeParse(answer.json).success, answer.text).toBe(true);
      expect(answer.json).not.toHaveProperty("kind");
    };

    describe("the BRIDGE_TOKEN", () => {
      const wrong: { what: string; authorization: string | null }[] = [
        { what: "without an Authorization header", authorization: null },
        { what: "with a wrong Bearer token", authorization: bridgeAuthorization("not-the-token") },
        { what: "with an empty Bearer token", authorization: "Bearer " },
      ];
      for (const w of wrong) {
        it(`${w.what}: 401 {error} on every call`, async () => {
          const request = await target.activateRequest();
          expectGatewayError(await activate(request, w.authorization), 401);
          const path = bridgeIntegrationPath("int_unknown");
          expectGatewayError(await call("GET", path, { authorization: w.authorization }), 401);
          expectGatewayError(await call("DELETE", path, { authorization: w.authorization }), 401);
        });
      }

      it("the token without the Bearer scheme: 401", async () => {
        const request = await target.activateRequest();
        expectGatewayError(await activate(request, target.token), 401);
      });

      it("is checked before the body: no token and a broken body is a 401", async () => {
        const answer = await call("POST", BRIDGE_ACTIVATE_PATH, {
          body: '{"instanceId": ',
          authorization: null,
        });
        expectGatewayError(answer, 401);
      });
    });

    describe("a request that breaks activateRequestSchema", () => {
      it("is refused with 400 {error}, whatever is wrong with it", async () => {
        const valid = await target.activateRequest();
        for (const broken of brokenBodies(valid)) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(broken.body);
          } catch {
            parsed = undefined;
          }
          expect(activateRequestSchema.safeParse(parsed).success, broken.what).toBe(false);
          const answer = await call("POST", BRIDGE_ACTIVATE_PATH, { body: broken.body });
          expect(answer.status, `${broken.what}: ${answer.text}`).toBe(400);
          expect(gatewayErrorBodySchema.safeParse(answer.json).success, broken.what).toBe(true);
          expect(answer.json, broken.what).not.toHaveProperty("kind");
        }
      });
    });

    describe("an integration's life", () => {
      let request: ActivateRequest;
      let integrationId: string;

      it("activate → 201 with the contract's answer", async () => {
        request = await target.activateRequest();
        const answer = await activate(request);
        expect(answer.status, answer.text).toBe(201);
        const body = activateResponseSchema.parse(answer.json);
        expect(body.inbox_name).toBe(request.inboxName);
        integrationId = body.integration_id;
      });

      it("a second activate of the same instance answers the same integration", async () => {
        const renamed = { ...request, inboxName: `${request.inboxName} (renamed)` };
        const again = await activate(renamed);
        expect(again.status, again.text).toBe(201);
        expect(activateResponseSchema.parse(again.json).integration_id).toBe(integrationId);

        const named = await activate({ ...renamed, existingIntegrationId: integrationId });
        expect(named.status, named.text).toBe(201);
        expect(activateResponseSchema.parse(named.json)).toMatchObject({
          integration_id: integrationId,
          inbox_name: renamed.inboxName,
        });

        // An id the gateway does not know does not make a second integration for the instance.
        const stale = await activate({ ...renamed, existingIntegrationId: "int_forgotten" });
        expect(stale.status, stale.text).toBe(201);
        expect(activateResponseSchema.parse(stale.json).integration_id).toBe(integrationId);
      });

      it("get → 200 with the contract's state", async () => {
        const answer = await call("GET", bridgeIntegrationPath(integrationId));
        expect(answer.status, answer.text).toBe(200);
        expect(integrationStateSchema.parse(answer.json)).toMatchObject({
          integration_id: integrationId,
          inbox_name: `${request.inboxName} (renamed)`,
        });
      });

      it("get of an unknown id → 404 {error}", async () => {
        expectGatewayError(await call("GET", bridgeIntegrationPath("int_never_made")), 404);
        expectGatewayError(await call("GET", "/v1/integrations/not%20an%20id"), 404);
      });

      it("delete → 2xx; a second delete → 404 {error}; get after it → 404 {error}", async () => {
        const first = await call("DELETE", bridgeIntegrationPath(integrationId));
        expect([200, 204], first.text).toContain(first.status);
        expectGatewayError(await call("DELETE", bridgeIntegrationPath(integrationId)), 404);
        expectGatewayError(await call("GET", bridgeIntegrationPath(integrationId)), 404);
      });

      it("delete of an unknown id → 404 {error}", async () => {
        expectGatewayError(await call("DELETE", bridgeIntegrationPath("int_never_made")), 404);
      });
    });

    describeJobContract(() => target);

    describe("a Chatwoot failure", () => {
      for (const kind of options.failureKinds) {
        it(`${kind} → ${CHATWOOT_FAILURE_STATUS[kind]} with the failure body`, async () => {
          const request = await target.chatwootFailure(kind);
          const answer = await activate(request);
          expect(answer.status, answer.text).toBe(CHATWOOT_FAILURE_STATUS[kind]);
          const body = chatwootFailureBodySchema.parse(answer.json);
          expect(body.kind).toBe(kind);
          expect(body.detail).not.toBe("");
        });
      }
    });
  });
}
