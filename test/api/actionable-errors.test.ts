/** Errors a person can act on (issue 14, item 13), within the documented envelope. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { connectedInstance, type Body } from "../events/support/helpers.js";

describe("actionable errors", () => {
  let server: TestServer;
  let inst: Awaited<ReturnType<typeof connectedInstance>>;
  const text = (body: unknown) =>
    server.request<Body>("POST", `/api/message/text/${inst.name}`, { token: inst.token, body });

  beforeAll(async () => {
    server = await startTestServer();
    inst = await connectedInstance(server);
  });
  afterAll(async () => {
    await server.close();
  });

  it("names missing and mistyped fields and what they must be", async () => {
    expect((await text({})).body.error.message).toBe(
      "Invalid request body: number: is required; message: is required",
    );
    expect((await text({ number: 5511, message: "hi" })).body.error.message).toBe(
      "Invalid request body: number: must be a string, not a number",
    );
    expect((await text({ number: "1", message: "" })).body.error.message).toBe(
      "Invalid request body: message: must not be empty",
    );
    const media = await server.request<Body>("POST", `/api/message/media/${inst.name}`, {
      token: inst.token,
      body: { number: "1", mediaType: "gif" },
    });
    expect(media.body.error.message).toBe(
      "Invalid request body: mediaType: must be one of: image, video, document, audio",
    );
  });

  it("says where malformed JSON broke, except where the spec fixes the text", async () => {
    const broken = await text('{"number": "1",, "message": "x"}');
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(
      /^Invalid request body: malformed JSON at line 1, column 16 \(/,
    );
    const settings = await server.request<Body>("POST", `/api/instance/settings/${inst.name}`, {
      token: inst.token,
      body: "{oops",
    });
    expect(settings.body.error.message).toBe("Invalid request body");
  });

  it("keeps `Invalid token` and says which token the route needs", async () => {
    const reply = await server.request<Body>("POST", "/api/instance/new", {
      token: inst.token,
      body: { name: "x", provider: "sandbox" },
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ success: false, error: { message: "Invalid token" } });
    expect(reply.headers.get("www-authenticate")).toBe(
      'Bearer error="invalid_token", error_description="this route needs a TokenAccount; a TokenInstance was sent"',
    );
  });
});
