/**
 * The job calls of the gateway contract (src/contracts/bridge.ts): an integration's jobs
 * listed by state, a dead one retried, and never a job of another integration. Part of
 * the contract suite (gateway-contract-suite.ts), so the fake gateway and the real one
 * both hold to it.
 */
import { describe, expect, it } from "vitest";
import {
  BRIDGE_ACTIVATE_PATH,
  INTEGRATION_NOT_FOUND,
  JOB_NOT_FOUND,
  activateResponseSchema,
  bridgeAuthorization,
  bridgeJobRetryPath,
  bridgeJobsPath,
  gatewayErrorBodySchema,
  gatewayJobSchema,
  jobConflictBodySchema,
  jobListResponseSchema,
  type ActivateRequest,
} from "../../src/contracts/bridge.js";

export interface JobContractTarget {
  url: string;
  token: string;
  activateRequest(): Promise<ActivateRequest>;
  /** An integration with a dead job that succeeds when it runs again. */
  deadJob(): Promise<{ integrationId: string; jobId: number }>;
}

interface Answer {
  status: number;
  text: string;
  json: unknown;
}

export function describeJobContract(target: () => JobContractTarget): void {
  const call = async (
    method: "GET" | "POST",
    path: string,
    opts: { body?: string; authorization?: string | null } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = {};
    const authorization =
      opts.authorization === undefined ? bridgeAuthorization(target().token) : opts.authorization;
    if (authorization !== null) headers.authorization = authorization;
    if (opts.body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${target().url}${path}`, { method, headers, body: opts.body });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  };
  const expectError = (answer: Answer, status: number, error?: string) => {
    expect(answer.status, answer.text).toBe(status);
    const body = gatewayErrorBodySchema.parse(answer.json);
    if (error !== undefined) expect(body.error).toBe(error);
    expect(answer.json).not.toHaveProperty("kind");
  };
  const list = async (integrationId: string, query = "") => {
    const answer = await call("GET", `${bridgeJobsPath(integrationId)}${query}`);
    expect(answer.status, answer.text).toBe(200);
    return jobListResponseSchema.parse(answer.json).jobs;
  };

  describe("an integration's dead letters", () => {
    let dead: { integrationId: string; jobId: number };
    let otherIntegration: string;

    it("list → 200 with the dead job, dead being the default state", async () => {
      dead = await target().deadJob();
      const listed = await list(dead.integrationId, "?state=dead&limit=50");
      const job = listed.find((j) => j.id === dead.jobId);
      expect(job, JSON.stringify(listed)).toMatchObject({ state: "dead" });
      expect(job?.attempts).toBeGreaterThanOrEqual(1);
      expect(job?.last_error).not.toBe("");
      expect((await list(dead.integrationId)).map((j) => j.id)).toContain(dead.jobId);
      expect((await list(dead.integrationId, "?state=pending")).map((j) => j.id)).not.toContain(
        dead.jobId,
      );
      expect((await list(dead.integrationId, "?limit=1")).length).toBeLessThanOrEqual(1);
    });

    it("a query that breaks the contract → 400 {error}", async () => {
      for (const query of ["?state=zombie", "?limit=0", "?limit=501", "?limit=many"]) {
        expectError(await call("GET", `${bridgeJobsPath(dead.integrationId)}${query}`), 400);
      }
    });

    it("an unknown integration → 404 {error} on both calls", async () => {
      const answer = await call("GET", bridgeJobsPath("int_never_made"));
      expectError(answer, 404, INTEGRATION_NOT_FOUND);
      const retry = await call("POST", bridgeJobRetryPath("int_never_made", dead.jobId));
      expectError(retry, 404, INTEGRATION_NOT_FOUND);
    });

    it("another integration's job → 404 job not found, and it stays dead", async () => {
      const activated = await call("POST", BRIDGE_ACTIVATE_PATH, {
        body: JSON.stringify(await target().activateRequest()),
      });
      expect(activated.status, activated.text).toBe(201);
      otherIntegration = activateResponseSchema.parse(activated.json).integration_id;
      expect((await list(otherIntegration)).map((j) => j.id)).not.toContain(dead.jobId);
      const answer = await call("POST", bridgeJobRetryPath(otherIntegration, dead.jobId));
      expectError(answer, 404, JOB_NOT_FOUND);
      const still = await list(dead.integrationId);
      expect(still.find((j) => j.id === dead.jobId)?.state).toBe("dead");
    });

    it("an id that names no job → 404 job not found", async () => {
      // 2147483648 is past the id column's range: not found, never a database error.
      for (const id of ["999999999", "2147483648", "99999999999999999999", "0", "abc", "1e3"]) {
        const path = `${bridgeJobsPath(dead.integrationId)}/${id}/retry`;
        expectError(await call("POST", path), 404, JOB_NOT_FOUND);
      }
    });

    it("the BRIDGE_TOKEN is required: 401 {error}", async () => {
      const none = { authorization: null };
      expectError(await call("GET", bridgeJobsPath(dead.integrationId), none), 401);
      const retry = bridgeJobRetryPath(dead.integrationId, dead.jobId);
      expectError(await call("POST", retry, none), 401);
      const wrong = { authorization: bridgeAuthorization("not-the-token") };
      expectError(await call("POST", retry, wrong), 401);
    });

    it("retry → 200 with the job out of the dead state; a second retry → 409 with its state", async () => {
      const answer = await call("POST", bridgeJobRetryPath(dead.integrationId, dead.jobId));
      expect(answer.status, answer.text).toBe(200);
      const job = gatewayJobSchema.parse(answer.json);
      expect(job.id).toBe(dead.jobId);
      expect(job.state).not.toBe("dead");
      const again = await call("POST", bridgeJobRetryPath(dead.integrationId, dead.jobId));
      expect(again.status, again.text).toBe(409);
      const conflict = jobConflictBodySchema.parse(again.json);
      expect(conflict.state).not.toBe("dead");
      expect(conflict.error).toBe(`job ${dead.jobId} is ${conflict.state}, not dead`);
    });
  });
}
