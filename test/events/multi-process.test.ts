import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropPgSchema, newPgSchema } from "../support/databases.js";
import { serviceAvailable } from "../support/services.js";
import { openWs, startWebhookTarget, waitFor } from "./support/helpers.js";
import { sharedKeyPrefix, startSharedApi, type SharedApi } from "./support/shared-api.js";

const available = (await serviceAvailable("postgres")) && (await serviceAvailable("redis"));

describe.skipIf(!available)("two API processes sharing PostgreSQL and Redis", () => {
  const schema = newPgSchema();
  let a: SharedApi;
  let b: SharedApi;

  beforeAll(async () => {
    const prefix = sharedKeyPrefix();
    a = await startSharedApi(schema, prefix);
    b = await startSharedApi(schema, prefix);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await dropPgSchema(schema);
  });

  it("a WebSocket client on one process receives the events of an instance held by the other", async () => {
    const account = await a.runtime.auth.createAccount("Shared", 5);
    const created = await a.request("POST", "/api/instance/new", {
      token: account.token,
      body: {
        name: "held-by-a",
        provider: "sandbox",
        websocketEnabled: true,
        websocketMediaBase64: true,
      },
    });
    const token = created.body.data.token as string;
    await a.request("GET", "/api/instance/connect/held-by-a", { token });
    expect(a.runtime.connections.held(created.body.instance.id)).toBeDefined();
    expect(b.runtime.connections.held(created.body.instance.id)).toBeUndefined();

    const ws = await openWs(`${b.url.replace(/^http/, "ws")}/ws/held-by-a?token=${token}`);
    const sent = await a.request("POST", "/api/sandbox/inbound/held-by-a", {
      token,
      body: { from: "5511900008888", text: "across processes" },
    });
    const image = await a.request("POST", "/api/sandbox/inbound/held-by-a", {
      token,
      body: { from: "5511900008888", media: { type: "image", base64: "iVBORw0KGgo=" } },
    });
    await waitFor(() => ws.frames.length === 2, "both frames on process B");
    expect(ws.frames.map((f) => f.data.id)).toEqual([
      sent.body.data.messageId,
      image.body.data.messageId,
    ]);
    expect(ws.frames[0]!.data.message.content.text).toBe("across processes");
    // Media bytes do not travel through Redis; B reads them from the shared log.
    expect(ws.frames[1]!.data.message.media.base64).toBe("iVBORw0KGgo=");
    await ws.close();
  });

  it("exactly one process delivers each webhook, in order", async () => {
    const target = await startWebhookTarget();
    try {
      const account = await b.runtime.auth.createAccount("Hooks", 5);
      const created = await b.request("POST", "/api/instance/new", {
        token: account.token,
        body: {
          name: "hooked",
          provider: "sandbox",
          webhookURL: target.url,
          webhookEvents: ["message.exchange"],
        },
      });
      const token = created.body.data.token as string;
      await b.request("GET", "/api/instance/connect/hooked", { token });
      for (const text of ["1", "2", "3", "4"]) {
        await b.request("POST", "/api/sandbox/inbound/hooked", {
          token,
          body: { from: "5511900009999", text },
        });
      }
      await waitFor(() => target.received.length >= 4 && true, "four deliveries");
      expect(target.received.map((r) => r.body.data.message.content.text)).toEqual([
        "1",
        "2",
        "3",
        "4",
      ]);
    } finally {
      await target.close();
    }
  });
});
