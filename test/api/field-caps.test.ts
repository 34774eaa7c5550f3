/** Length caps on request fields (issue 14, item 4), with the documented 400 message. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { connectedInstance, type Body } from "../events/support/helpers.js";

describe("field length caps", () => {
  let server: TestServer;
  let inst: Awaited<ReturnType<typeof connectedInstance>>;
  const post = (path: string, body: unknown) =>
    server.request<Body>("POST", path, { token: inst.token, body });

  beforeAll(async () => {
    server = await startTestServer();
    inst = await connectedInstance(server);
  });
  afterAll(async () => {
    await server.close();
  });

  it("accepts a text at WhatsApp's limit and refuses one character more", async () => {
    const at = await post(`/api/message/text/${inst.name}`, {
      number: "5511900000000",
      message: "a".repeat(65_536),
    });
    expect(at.status).toBe(200);
    const over = await post(`/api/message/text/${inst.name}`, {
      number: "5511900000000",
      message: "a".repeat(65_537),
    });
    expect(over.status).toBe(400);
    expect(over.body).toEqual({
      success: false,
      error: { message: "Invalid request body: message: must be at most 65536 characters" },
    });
  });

  it.each([
    [
      "/api/message/text/NAME",
      { number: "5".repeat(129), message: "hi" },
      "number: must be at most 128 characters",
    ],
    [
      "/api/message/text/NAME",
      { number: "5511900000000", message: "hi", replyTo: "x".repeat(257) },
      "replyTo: must be at most 256 characters",
    ],
    [
      "/api/message/media/NAME",
      {
        number: "5511900000000",
        mediaType: "image",
        mediaBase64: "aGk=",
        message: "c".repeat(1_025),
      },
      "message: must be at most 1024 characters",
    ],
    [
      "/api/message/reaction/NAME",
      { number: "5511900000000", messageId: "A", reaction: "👍".repeat(65) },
      "reaction: must be at most 64 characters",
    ],
    [
      "/api/events/webhook/NAME",
      { url: `https://hooks.example/${"p".repeat(4_096)}` },
      "url: must be at most 4096 characters",
    ],
    [
      "/api/instance/settings/NAME",
      { callRejectMessage: "r".repeat(4_097) },
      "callRejectMessage: must be at most 4096 characters",
    ],
    [
      "/api/instance/proxy/NAME",
      { enabled: true, host: "h".repeat(254), port: "1080" },
      "host: must be at most 253 characters",
    ],
  ])("%s refuses an oversized field", async (path, body, problem) => {
    const reply = await post(path.replace("NAME", inst.name), body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe(`Invalid request body: ${problem}`);
  });

  it("refuses an oversized name at creation", async () => {
    const reply = await server.request<Body>("POST", "/api/instance/new", {
      token: inst.accountToken,
      body: {
        name: "n",
        provider: "sandbox",
        webhookURL: `https://h.example/${"p".repeat(4_096)}`,
      },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe(
      "Invalid request body: webhookURL: must be at most 4096 characters",
    );
  });
});
