/**
 * What a send reads (issue 11): the instance it names once (its forwarding hook and its
 * route both need it, and used to read it each), and not its own message back from the
 * log (its recording hands the stored message over).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { connectedInstance, type Body } from "../events/support/helpers.js";

/** The look-up of an instance by its account and name (what an account token asks). */
const byName = (statements: string[]) =>
  statements.filter((s) => /^select \* from "instances" where "account_id" = /.test(s)).length;

/** Reads of the event log. */
const logReads = (statements: string[]) =>
  statements.filter((s) => /^select .* from "events"/.test(s)).length;

describe("what a send reads", () => {
  let server: TestServer;
  let inst: { name: string; token: string; id: string; accountToken: string };
  const statements: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ onQuery: (s) => statements.push(s) });
    inst = await connectedInstance(server);
  });
  afterAll(async () => {
    await server.close();
  });

  it("is read once by a send, though its forwarding hook and its route both use it", async () => {
    statements.length = 0;
    const reply = await server.request<Body>("POST", `/api/message/text/${inst.name}`, {
      token: inst.accountToken,
      body: { number: "5511988887777", message: "once" },
    });
    expect(reply.status).toBe(200);
    expect(byName(statements)).toBe(1);
  });

  it("is read again by the next request", async () => {
    statements.length = 0;
    for (let i = 0; i < 2; i += 1) {
      const reply = await server.request<Body>("POST", `/api/message/text/${inst.name}`, {
        token: inst.accountToken,
        body: { number: "5511988887777", message: `again ${i}` },
      });
      expect(reply.status).toBe(200);
    }
    expect(byName(statements)).toBe(2);
  });

  it("answers 404 for an instance the account does not have, after one look-up", async () => {
    statements.length = 0;
    const reply = await server.request<Body>("POST", "/api/message/text/nobody-here", {
      token: inst.accountToken,
      body: { number: "5511988887777", message: "lost" },
    });
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ success: false, error: { message: "Instance not found" } });
    expect(byName(statements)).toBe(1);
  });

  it("answers with its message as recorded, without reading it back from the log", async () => {
    statements.length = 0;
    const reply = await server.request<Body>("POST", `/api/message/text/${inst.name}`, {
      token: inst.token,
      body: { number: "5511988887777", message: "as stored", source: "crm-7" },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toMatchObject({
      direction: "outgoing",
      chat: { jid: "5511988887777@s.whatsapp.net", type: "private" },
      content: { text: "as stored" },
      source: "crm-7",
    });
    expect(logReads(statements)).toBe(0);
    const stored = await server.request<Body>(
      "GET",
      `/api/chat/getMessage/${inst.name}?messageId=${String(reply.body.data.messageId)}`,
      { token: inst.token },
    );
    expect(stored.body.data).toMatchObject({
      id: reply.body.data.messageId,
      timestamp: reply.body.data.timestamp,
      content: reply.body.data.content,
      source: "crm-7",
    });
  });
});
