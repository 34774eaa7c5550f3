import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

interface Operation {
  requestBody?: unknown;
  responses?: Record<string, unknown>;
}

/** The paths of ryzeapi-more.md's coverage table, with their methods. */
const chat = (method: string, route: string): [string, string] => [
  method,
  `/api/chat/${route}/{instance}`,
];

const SURFACE: [string, string][] = [
  chat("get", "contacts"),
  chat("get", "contactsByLabel"),
  chat("get", "tag"),
  chat("post", "tag"),
  chat("delete", "tag"),
  chat("post", "assignTag"),
  chat("delete", "assignTag"),
  ...["archive", "pin", "favorite", "mute", "block", "presence", "history", "forward", "edit"].map(
    (route) => chat("post", route),
  ),
  chat("get", "poll"),
  chat("delete", "deleteChat"),
  ["post", "/api/profile/account/{instance}"],
  ["get", "/api/profile/getAccount/{instance}"],
  ["get", "/api/profile/getPrivacy/{instance}"],
  ["get", "/api/profile/privacy/{instance}"],
  ["post", "/api/profile/privacy/{instance}"],
  ...[
    "sticker",
    "location",
    "contact",
    "poll",
    "carousel",
    "button",
    "list",
    "form",
    "pix",
    "status",
  ].map((kind): [string, string] => ["post", `/api/message/${kind}/{instance}`]),
];

describe("the OpenAPI document covers the RyzeAPI surface (ryzeapi-more.md)", () => {
  let server: TestServer;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    server = await startTestServer();
    const reply = await server.request<{ paths: typeof paths }>("GET", "/docs/json");
    paths = reply.body.paths;
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(SURFACE)("%s %s is documented with its schemas", (method, path) => {
    const operation = paths[path]?.[method];
    expect(operation, `${method} ${path}`).toBeDefined();
    expect(operation?.responses?.["200"], `${path} response schema`).toBeDefined();
    if (method === "post" || method === "put") {
      expect(operation?.requestBody, `${path} request schema`).toBeDefined();
    }
  });
});
