import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import type { Body } from "./support/helpers.js";

describe("the OpenAPI document", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("describes the events, message, chat and sandbox routes", async () => {
    const reply = await server.request<Body>("GET", "/docs/json");
    expect(reply.status).toBe(200);
    const paths = Object.keys(reply.body.paths as Record<string, unknown>);
    for (const path of [
      "/api/events/webhook/{instance}",
      "/api/events/getWebhook/{instance}",
      "/api/events/getDeadLetters/{instance}",
      "/api/events/websocket/{instance}",
      "/api/message/text/{instance}",
      "/api/message/media/{instance}",
      "/api/chat/status/{instance}",
      "/api/sandbox/inbound/{instance}",
    ]) {
      expect(paths).toContain(path);
    }
  });
});
