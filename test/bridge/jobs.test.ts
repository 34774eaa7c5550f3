/**
 * The gateway's dead letters through the API's Chatwoot module, end to end on the real
 * gateway and the Chatwoot emulator: in `serve` (the in-process transport) and split into
 * the `api` and `bridge` roles (the HTTP client). A customer's message meets a 422 and
 * dies; the instance's own token lists it and retries it, and it reaches Chatwoot; no
 * other instance can see or retry it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor, type Body } from "../events/support/helpers.js";
import {
  customerSays,
  liveInstance,
  startGateway,
  startSplitGateway,
  waitForMessages,
  type ActiveInstance,
  type Gateway,
} from "./support/gateway-harness.js";

const envelope = (message: string) => ({ success: false, error: { message } });
type Setup = Pick<Gateway, "server" | "chatwoot" | "accountToken" | "close">;

describe.each([
  ["serve", (): Promise<Setup> => startGateway()],
  ["the api and bridge roles", (): Promise<Setup> => startSplitGateway()],
])("gateway jobs in the chatwoot module (%s)", (_role, start) => {
  let gateway: Setup;
  let mine: ActiveInstance;
  let theirs: ActiveInstance;
  let job: Body;

  beforeAll(async () => {
    gateway = await start();
    mine = await liveInstance(gateway);
    theirs = await liveInstance(gateway);
  }, 90_000);
  afterAll(async () => {
    await gateway.close();
  });

  const list = (instance: { name: string; token: string }, query = "") =>
    gateway.server.request<Body>("GET", `/api/chatwoot/jobs/${instance.name}${query}`, {
      token: instance.token,
    });
  const retry = (instance: { name: string; token: string }, id: unknown) =>
    gateway.server.request<Body>("POST", `/api/chatwoot/jobs/retry/${instance.name}`, {
      token: instance.token,
      body: { id },
    });

  it("lists a message that Chatwoot refused as a dead job, without its content", async () => {
    gateway.chatwoot.control.addFault({
      kind: "error",
      status: 422,
      route: "messages.create",
      times: 1,
      body: { message: "Content is invalid" },
    });
    await customerSays(gateway, mine, "5511977770001", "segredo do pedido 123");
    const jobs = await waitFor(
      async () => {
        const reply = await list(mine);
        expect(reply.status, JSON.stringify(reply.body)).toBe(200);
        return (reply.body.jobs as Body[]).length > 0 ? (reply.body.jobs as Body[]) : undefined;
      },
      "the dead job",
      30_000,
    );
    expect(jobs).toHaveLength(1);
    job = jobs[0] as Body;
    expect(Object.keys(job).sort()).toEqual([
      "attempts",
      "created_at",
      "id",
      "kind",
      "last_error",
      "state",
      "subject",
      "updated_at",
    ]);
    expect(job).toMatchObject({ state: "dead", attempts: 1 });
    expect(job.last_error).toMatch(/Chatwoot invalid \(HTTP 422\): Content is invalid/);
    expect(job.subject).toMatch(/^WhatsApp message \S+ from 5511977770001@/);
    expect(JSON.stringify(jobs)).not.toContain("segredo");
    // The other instance's integration has none.
    expect((await list(theirs)).body).toEqual({ jobs: [] });
  });

  it("never retries another instance's job: 404, and the job stays dead", async () => {
    const reply = await retry(theirs, job.id);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual(envelope("job not found"));
    const asAccount = await gateway.server.request<Body>(
      "POST",
      `/api/chatwoot/jobs/retry/${theirs.name}`,
      { token: gateway.accountToken, body: { id: job.id } },
    );
    expect(asAccount.status).toBe(404);
    const still = await list(mine);
    expect((still.body.jobs as Body[]).map((j) => j.id)).toEqual([job.id]);
  });

  it("retries it: the message reaches Chatwoot and the job is done; a second retry → 409", async () => {
    const reply = await retry(mine, job.id);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.message).toBe("job retried");
    expect(reply.body.job).toMatchObject({ id: job.id, attempts: expect.any(Number) });
    expect(reply.body.job.state).not.toBe("dead");
    await waitForMessages(
      gateway,
      mine.inboxId,
      (messages) => messages.some((m) => m.content === "segredo do pedido 123"),
      "the retried message in Chatwoot",
    );
    await waitFor(async () => {
      const jobs = (await list(mine, "?state=done&limit=500")).body.jobs as Body[];
      return jobs.find((j) => j.id === job.id);
    }, "the job to be done");
    expect((await list(mine)).body).toEqual({ jobs: [] });
    const again = await retry(mine, job.id);
    expect(again.status).toBe(409);
    expect(again.body).toEqual(envelope(`job ${String(job.id)} is done, not dead`));
  });
});
