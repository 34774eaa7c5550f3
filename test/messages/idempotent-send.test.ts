/**
 * Sends under a caller-chosen WhatsApp id (src/contracts/messages.ts): the gateway's
 * retries after a lost answer or a crash must never reach WhatsApp twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { PNG_1PX, connectedInstance, inbound, type Body } from "../events/support/helpers.js";

describe("sends with a caller-chosen messageId", () => {
  let server: TestServer;
  let inst: { name: string; token: string; id: string; accountToken: string };
  const send = (kind: string, body: unknown) =>
    server.request<Body>("POST", `/api/message/${kind}/${inst.name}`, { token: inst.token, body });
  const outbox = async () =>
    (await server.request<Body>("GET", `/api/sandbox/outbox/${inst.name}`, { token: inst.token }))
      .body.outbox as Body[];

  beforeAll(async () => {
    server = await startTestServer();
    inst = await connectedInstance(server);
  });
  afterAll(async () => {
    await server.close();
  });

  it("sends a text once under the given id, and a repeat answers the same message", async () => {
    const body = { number: "5511900000010", message: "only once", messageId: "3EB0AAAA0000000001" };
    const first = await send("text", body);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ messageId: "3EB0AAAA0000000001" });
    const second = await send("text", body);
    expect(second.status).toBe(200);
    expect(second.body).toStrictEqual(first.body);
    const sent = (await outbox()).filter((entry) => entry.messageId === "3EB0AAAA0000000001");
    expect(sent).toHaveLength(1);
  });

  it("does the same for media", async () => {
    const body = {
      number: "5511900000011",
      mediaType: "image",
      mediaBase64: PNG_1PX,
      messageId: "3EB0AAAA0000000002",
    };
    const first = await send("media", body);
    const second = await send("media", body);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.data.messageId).toBe("3EB0AAAA0000000002");
    const sent = (await outbox()).filter((entry) => entry.messageId === "3EB0AAAA0000000002");
    expect(sent).toHaveLength(1);
  });

  it("refuses an id that belongs to a message the instance received", async () => {
    const { messageId } = await inbound(server, inst, { from: "5511900000012", text: "hi" });
    const reply = await send("text", { number: "5511900000012", message: "x", messageId });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe(
      "messageId is already used by a message this instance received",
    );
  });

  it("refuses a malformed id", async () => {
    const reply = await send("text", { number: "5511900000013", message: "x", messageId: "a b" });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/^Invalid request body: messageId/);
  });
});

describe("a repeat that arrives while the first send is still going", () => {
  let server: TestServer;
  let inst: { name: string; token: string; id: string; accountToken: string };

  beforeAll(async () => {
    server = await startTestServer();
    inst = await connectedInstance(server);
  });
  afterAll(async () => {
    await server.close();
  });

  it("waits for it and answers it: WhatsApp gets the message once", async () => {
    await server.request("POST", `/api/sandbox/faults/${inst.name}`, {
      token: inst.token,
      body: { sendDelayMs: 300 },
    });
    const body = { number: "5511900000020", message: "devagar", messageId: "3EB0AAAA0000000020" };
    const send = () =>
      server.request<Body>("POST", `/api/message/text/${inst.name}`, { token: inst.token, body });
    const [first, second] = await Promise.all([send(), send()]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.data.messageId).toBe("3EB0AAAA0000000020");
    const reply = await server.request<Body>("GET", `/api/sandbox/outbox/${inst.name}`, {
      token: inst.token,
    });
    const sent = (reply.body.outbox as Body[]).filter((e) => e.messageId === "3EB0AAAA0000000020");
    expect(sent).toHaveLength(1);
  });
});
