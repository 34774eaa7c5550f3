/**
 * The module's view of the gateway's dead letters (`GET /api/chatwoot/jobs/:instance`,
 * `POST /api/chatwoot/jobs/retry/:instance`) against the fake gateway: what reaches the
 * gateway, the order of checks, every answer's envelope, and each gateway failure in
 * the module's words. The real gateway's side: test/bridge/jobs.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOBS, JOB_RETRY } from "../support/fake-bridge.js";
import { accountWithInstance, setBody, startHarness, type Harness } from "./harness.js";

const envelope = (message: string) => ({ success: false, error: { message } });
const UNKNOWN_AT_GATEWAY =
  "the integration gateway does not know this integration — call POST /api/chatwoot/set/:instance to activate it again";

describe("the chatwoot module's gateway jobs", () => {
  let h: Harness;
  let owner: Awaited<ReturnType<typeof accountWithInstance>>;
  let integrationId: string;

  beforeAll(async () => {
    h = await startHarness();
    owner = await accountWithInstance(h.server);
    const set = await h.server.request("POST", `/api/chatwoot/set/${owner.name}`, {
      token: owner.instanceToken,
      body: setBody(),
    });
    expect(set.status).toBe(201);
    integrationId = String(set.body.bridge_integration_id);
  });
  afterAll(async () => {
    await h.close();
  });

  const list = (query = "", token = owner.instanceToken, name = owner.name) =>
    h.server.request<Record<string, any>>("GET", `/api/chatwoot/jobs/${name}${query}`, { token });
  const retry = (body: unknown, token = owner.instanceToken, name = owner.name) =>
    h.server.request<Record<string, any>>("POST", `/api/chatwoot/jobs/retry/${name}`, {
      token,
      body,
    });

  it("lists the integration's dead jobs, by its TokenInstance or its TokenAccount", async () => {
    const job = h.bridge.addJob(integrationId);
    h.bridge.addJob(integrationId, { state: "pending", attempts: 0, last_error: "" });
    for (const token of [owner.instanceToken, owner.accountToken]) {
      const reply = await list("", token);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.body).toEqual({ jobs: [job] });
    }
    const call = h.bridge.callsTo("GET", JOBS).at(-1);
    expect(call?.path).toBe(`/v1/integrations/${integrationId}/jobs`);
    expect(new URLSearchParams(call?.query)).toEqual(
      new URLSearchParams({ state: "dead", limit: "100" }),
    );
  });

  it("passes the state and the limit on", async () => {
    const reply = await list("?state=pending&limit=7");
    expect(reply.status).toBe(200);
    expect(reply.body.jobs.map((j: { state: string }) => j.state)).toEqual(["pending"]);
    const call = h.bridge.callsTo("GET", JOBS).at(-1);
    expect(new URLSearchParams(call?.query).get("limit")).toBe("7");
  });

  it("refuses a bad query or body in words, before calling the gateway", async () => {
    const before = h.bridge.calls.length;
    const cases: [string, string][] = [
      ["?state=zombie", "state: must be one of: pending, running, done, dead, cancelled"],
      ["?limit=0", "limit: must be a whole number from 1 to 500"],
      ["?limit=501", "limit: must be a whole number from 1 to 500"],
      ["?limit=lots", "limit: must be a whole number from 1 to 500"],
    ];
    for (const [query, detail] of cases) {
      const reply = await list(query);
      expect(reply.status, query).toBe(400);
      expect(reply.body).toEqual(envelope(`Invalid querystring: ${detail}`));
    }
    const bodies: [unknown, string][] = [
      [{}, "invalid body: id: is required"],
      [{ id: "7" }, "invalid body: id: must be a whole number from 1 to 2147483647"],
      [{ id: 0 }, "invalid body: id: must be a whole number from 1 to 2147483647"],
      [{ id: 1.5 }, "invalid body: id: must be a whole number from 1 to 2147483647"],
      [{ id: 2_147_483_648 }, "invalid body: id: must be a whole number from 1 to 2147483647"],
      [[1], "invalid body: a JSON object is required"],
      ["{not json", "invalid body: malformed JSON"],
    ];
    for (const [body, message] of bodies) {
      const reply = await retry(body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body).toEqual(envelope(message));
    }
    expect(h.bridge.calls.length).toBe(before);
  });

  it("retries a dead job: 200 with the job back to pending", async () => {
    const job = h.bridge.addJob(integrationId);
    const reply = await retry({ id: job.id }, owner.accountToken);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toEqual({
      message: "job retried",
      job: { ...job, state: "pending", attempts: 0, updated_at: reply.body.job.updated_at },
    });
    expect(h.bridge.callsTo("POST", JOB_RETRY).at(-1)?.path).toBe(
      `/v1/integrations/${integrationId}/jobs/${job.id}/retry`,
    );
  });

  it("a job that is not dead → 409; an unknown one → 404", async () => {
    const pending = h.bridge.addJob(integrationId, { state: "done" });
    const busy = await retry({ id: pending.id });
    expect(busy.status).toBe(409);
    expect(busy.body).toEqual(envelope(`job ${pending.id} is done, not dead`));
    const unknown = await retry({ id: 424242 });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(envelope("job not found"));
  });

  it("an instance without an integration → 404, without calling the gateway", async () => {
    const bare = await h.server.createInstance(owner.accountToken);
    const before = h.bridge.calls.length;
    const listed = await list("", bare.token, bare.name);
    expect(listed.status).toBe(404);
    expect(listed.body).toEqual(envelope("no chatwoot integration for this instance"));
    const retried = await retry({ id: 1 }, bare.token, bare.name);
    expect(retried.body).toEqual(envelope("no chatwoot integration for this instance"));
    expect(h.bridge.calls.length).toBe(before);
  });

  it("another account's token → 404 instance not found; another instance's → 403", async () => {
    const stranger = await accountWithInstance(h.server);
    const foreign = await list("", stranger.accountToken);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(envelope("instance not found"));
    const sibling = await h.server.createInstance(owner.accountToken);
    const mismatch = await retry({ id: 1 }, sibling.token);
    expect(mismatch.status).toBe(403);
    expect(mismatch.body).toEqual(envelope("Instance token does not match this instance"));
  });

  it("a gateway that no longer knows the integration → 404 saying how to fix it", async () => {
    h.bridge.answer("GET", JOBS, { status: 404, json: { error: "integration not found" } });
    const reply = await list();
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual(envelope(UNKNOWN_AT_GATEWAY));
    h.bridge.answer("POST", JOB_RETRY, { status: 404, json: { error: "integration not found" } });
    const retried = await retry({ id: 1 });
    expect(retried.body).toEqual(envelope(UNKNOWN_AT_GATEWAY));
  });

  it("a failing gateway → 502/504 in the module's words", async () => {
    const cases: [Parameters<Harness["bridge"]["answer"]>[2], number, RegExp][] = [
      [
        { status: 500, text: "boom" },
        502,
        /^integration gateway failed — try again later\. Detail: HTTP 500: boom$/,
      ],
      [
        { status: 200, json: { jobs: [{ id: "x" }] } },
        502,
        /^integration gateway failed — try again later\. Detail: invalid answer: /,
      ],
      [
        { status: 401, json: { error: "bad token" } },
        502,
        /^integration gateway refused the server's credentials/,
      ],
      [{ drop: true }, 502, /^integration gateway is unreachable — try again later\. Detail: /],
      [
        { hang: true },
        504,
        /^integration gateway did not answer in time — try again\. Detail: no answer within 1500 ms$/,
      ],
    ];
    for (const [answer, status, message] of cases) {
      h.bridge.answer("GET", JOBS, answer);
      const reply = await list();
      expect(reply.status, JSON.stringify(answer)).toBe(status);
      expect(reply.body.error.message).toMatch(message);
    }
    h.bridge.answer("POST", JOB_RETRY, { status: 409, json: { error: "no state here" } });
    const conflict = await retry({ id: 1 });
    expect(conflict.status).toBe(502);
    expect(JSON.stringify(conflict.body)).not.toContain(h.bridge.token);
  });
});
