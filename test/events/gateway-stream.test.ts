/**
 * `GET /ws/chatwoot/:instance`, the integration gateway's stream: its querystring
 * (`after`, `events`, `mediaBase64`) read by the contract in src/contracts/event-stream.ts,
 * with the literal 400s of both stream routes, and the gateway's acks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsumerStore } from "../../src/api/events/log/consumer-store.js";
import { startTestServer, type TestServer } from "../support/server.js";
import {
  PNG_1PX,
  connectedInstance,
  inbound,
  openWs,
  refusal,
  waitFor,
  wsUrl,
  type Body,
} from "./support/helpers.js";

const BRIDGE_TOKEN = "bridge-service-token-for-tests-0002";
const bearer = { authorization: `Bearer ${BRIDGE_TOKEN}` };

describe("the gateway's stream querystring", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      env: { BRIDGE_URL: "http://127.0.0.1:9", BRIDGE_TOKEN },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it("sends only the event types ?events= names", async () => {
    const inst = await connectedInstance(server);
    const ws = await openWs(
      wsUrl(server, `/ws/chatwoot/${inst.id}?after=0&events=message.status`),
      bearer,
    );
    const sent = await server.request<Body>("POST", `/api/message/text/${inst.id}`, {
      token: BRIDGE_TOKEN,
      body: { number: "5511900000020", message: "hello" },
    });
    await inbound(server, inst, { from: "5511900000020", text: "a reply" });
    await server.request("POST", `/api/sandbox/receipt/${inst.name}`, {
      token: inst.token,
      body: { messageId: sent.body.data.messageId, status: "read" },
    });
    const frame = await waitFor(
      () => ws.frames.find((f) => f.data.status === "read"),
      "the read receipt",
    );
    expect(frame.data.messageId).toBe(sent.body.data.messageId);
    // The instance's state and both messages came before the receipt and were left out.
    expect(ws.frames.length).toBeGreaterThan(0);
    expect(ws.frames.every((f) => f.event === "message.status")).toBe(true);
    await ws.close();

    const both = await openWs(
      wsUrl(server, `/ws/chatwoot/${inst.id}?after=0&events=message.exchange,instance.state`),
      bearer,
    );
    await waitFor(
      () => both.frames.filter((f) => f.event === "message.exchange").length === 2,
      "both messages",
    );
    expect(both.frames.some((f) => f.event === "instance.state")).toBe(true);
    expect(both.frames.some((f) => f.event === "message.status")).toBe(false);
    await both.close();
  });

  it("carries media.base64 unless ?mediaBase64=false", async () => {
    const inst = await connectedInstance(server);
    const { messageId } = await inbound(server, inst, {
      from: "5511900000021",
      media: { type: "image", base64: PNG_1PX },
    });
    const mediaOf = async (query: string) => {
      const ws = await openWs(wsUrl(server, `/ws/chatwoot/${inst.id}?after=0${query}`), bearer);
      const frame = await waitFor(
        () => ws.frames.find((f) => f.data.id === messageId),
        "the image message",
      );
      await ws.close();
      return frame.data.message.media;
    };
    expect((await mediaOf("")).base64).toBe(PNG_1PX);
    expect((await mediaOf("&mediaBase64=true")).base64).toBe(PNG_1PX);
    const without = await mediaOf("&mediaBase64=false");
    expect(without).toMatchObject({ type: "image", mimetype: "image/png" });
    expect(without.base64).toBeUndefined();
  });

  it("refuses a malformed querystring with the literal 400s, before switching protocols", async () => {
    const inst = await connectedInstance(server, { websocketEnabled: true });
    const invalid = (message: string) => ({
      status: 400,
      body: { success: false, error: { message: `Invalid querystring: ${message}` } },
    });
    expect(await refusal(wsUrl(server, `/ws/chatwoot/${inst.id}?after=x`), bearer)).toEqual(
      invalid("after must be a non-negative integer"),
    );
    expect(
      await refusal(wsUrl(server, `/ws/chatwoot/${inst.id}?events=message.exchange,nope`), bearer),
    ).toEqual(invalid("events holds an unknown event type"));
    expect(await refusal(wsUrl(server, `/ws/${inst.name}?token=${inst.token}&after=-1`))).toEqual(
      invalid("after must be a non-negative integer"),
    );
    // A client's filter is its configuration: ?events= is not read there.
    const ws = await openWs(wsUrl(server, `/ws/${inst.name}?token=${inst.token}&events=nope`));
    await ws.close();
  });
});

describe("the gateway's acks", () => {
  let server: TestServer;
  let consumers: ConsumerStore;

  beforeAll(async () => {
    server = await startTestServer({
      env: { BRIDGE_URL: "http://127.0.0.1:9", BRIDGE_TOKEN },
    });
    consumers = new ConsumerStore(server.runtime.database.db);
  });
  afterAll(async () => {
    await server.close();
  });

  const position = (instanceId: string) => consumers.ackedSeq(instanceId, "chatwoot");

  it("records the opening after, then the acks, never past what was sent", async () => {
    const inst = await connectedInstance(server);
    for (const text of ["one", "two"]) await inbound(server, inst, { from: "5511900000030", text });
    const ws = await openWs(wsUrl(server, `/ws/chatwoot/${inst.id}?after=0`), bearer);
    await waitFor(async () => (await position(inst.id)) === 0, "the opening position");
    await waitFor(() => ws.frames.length >= 3, "the backlog");
    const second = ws.frames[1]!.seq as number;
    ws.socket.send(JSON.stringify({ type: "ack", seq: second }));
    await waitFor(async () => (await position(inst.id)) === second, "the ack recorded");

    const last = ws.frames.at(-1)!.seq as number;
    ws.socket.send(JSON.stringify({ type: "ack", seq: last + 1_000 }));
    await waitFor(async () => (await position(inst.id)) === last, "an ack held to the last sent");
    await ws.close();
  });

  it("registers a stream opened without after where it starts", async () => {
    const inst = await connectedInstance(server);
    await inbound(server, inst, { from: "5511900000032", text: "before" });
    const latest = await server.runtime.database.db
      .selectFrom("event_sequences")
      .select("last_seq")
      .where("instance_id", "=", inst.id)
      .executeTakeFirstOrThrow();
    const ws = await openWs(wsUrl(server, `/ws/chatwoot/${inst.id}`), bearer);
    await waitFor(
      async () => (await position(inst.id)) === latest.last_seq,
      "the position it starts from",
    );
    await ws.close();
  });

  it("closes the stream with 1008 on a frame that is not an ack", async () => {
    const inst = await connectedInstance(server);
    const ws = await openWs(wsUrl(server, `/ws/chatwoot/${inst.id}?after=0`), bearer);
    ws.socket.send("hello");
    expect(await ws.closed).toEqual({ code: 1008, reason: "invalid frame" });
  });

  it("ignores a client's frames on /ws/:instance and registers nobody", async () => {
    const inst = await connectedInstance(server, { websocketEnabled: true });
    const ws = await openWs(wsUrl(server, `/ws/${inst.name}?token=${inst.token}&after=0`));
    ws.socket.send(JSON.stringify({ type: "ack", seq: 1 }));
    ws.socket.send("anything");
    const { messageId } = await inbound(server, inst, {
      from: "5511900000031",
      text: "still here",
    });
    await waitFor(() => ws.frames.find((f) => f.data.id === messageId), "a frame after them");
    expect(await position(inst.id)).toBeUndefined();
    await ws.close();
  });
});
