/** The OpenAPI document is a reference a person can work from (issue 14, item 12). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import type { Body } from "../events/support/helpers.js";

describe("the OpenAPI reference", () => {
  let server: TestServer;
  let doc: Body;

  beforeAll(async () => {
    server = await startTestServer({
      env: { BRIDGE_URL: "http://127.0.0.1:9", BRIDGE_TOKEN: "svc-token-0123456789abcdefghijklmn" },
    });
    doc = (await server.request<Body>("GET", "/docs/json")).body;
  });
  afterAll(async () => {
    await server.close();
  });

  const operations = () =>
    Object.entries(doc.paths as Record<string, Record<string, Body>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op })),
    );

  it("gives every operation a tag, a summary and a description saying who may call it", () => {
    const tags = new Set((doc.tags as Body[]).map((tag) => tag.name as string));
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      expect([where, (op.tags as string[]).every((tag) => tags.has(tag))]).toEqual([where, true]);
      expect([where, typeof op.summary]).toEqual([where, "string"]);
      expect([where, op.summary]).not.toEqual([
        where,
        expect.stringMatching(/^(GET|POST|DELETE) /),
      ]);
      expect([where, String(op.description)]).toEqual([
        where,
        expect.stringContaining("**Auth:**"),
      ]);
    }
  });

  it("lists the documented errors with their literal messages", () => {
    for (const { path, method, op } of operations()) {
      if (path === "/health") continue;
      const responses = op.responses as Record<string, Body>;
      expect([method, path, String(responses["401"]?.description)]).toEqual([
        method,
        path,
        expect.stringContaining("`Invalid token`"),
      ]);
      expect(String(responses["429"]?.description)).toContain(
        "`Rate limit exceeded. Try again later.`",
      );
    }
    const reconnect = doc.paths["/api/instance/reconnect/{instance}"].post.responses;
    expect(reconnect["400"].description).toContain(
      "`Instance has no saved session — call /connect first`",
    );
    const send = doc.paths["/api/message/text/{instance}"].post.responses;
    expect(send["503"].description).toContain("`Instance is not connected to WhatsApp`");
    expect(doc.paths["/api/chatwoot/list/{instance}"].get.responses["503"].description).toContain(
      "`integration gateway not configured`",
    );
  });

  it("shows request examples", () => {
    const body =
      doc.paths["/api/message/text/{instance}"].post.requestBody.content["application/json"];
    const example = body.schema.example ?? body.example;
    expect(example).toMatchObject({ number: "5511999999999", message: "Hello from ponte" });
    const create = doc.paths["/api/instance/new"].post.requestBody.content["application/json"];
    expect(create.schema.example ?? create.example).toMatchObject({ name: "support" });
  });

  it("describes the WebSocket endpoints and the event envelope", () => {
    const ws = doc.paths["/ws/{instance}"].get;
    expect(ws.tags).toEqual(["websocket"]);
    expect(ws.description).toContain("?after=");
    expect(ws.responses["101"].content["application/json"].schema.$ref).toBe(
      "#/components/schemas/EventEnvelope",
    );
    expect(doc.paths["/ws/chatwoot/{instance}"].get.description).toContain("BRIDGE_TOKEN");
    const envelope = doc.components.schemas.EventEnvelope;
    expect(envelope.properties.event.enum).toContain("message.exchange");
    expect(envelope.required).toEqual(["event", "data", "instanceData"]);
  });
});
