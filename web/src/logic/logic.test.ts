import { describe, expect, it } from "vitest";
import type { Envelope } from "../api/types";
import { classifyChatwootError } from "./chatwoot-errors";
import { applyEvent, type Bubble } from "./conversation";
import { clear, EMPTY_TAIL, receive, setPaused, summarize, visible } from "./event-tail";
import { parseRoute, routeHash } from "./route";

const CUSTOMER = "5511999990000";
const party = { jid: `${CUSTOMER}@s.whatsapp.net`, phone: CUSTOMER, name: "C" };

function message(
  seq: number,
  id: string,
  direction: "incoming" | "outgoing",
  text: string,
): Envelope {
  return {
    event: "message.exchange",
    seq,
    data: {
      message: {
        id,
        type: "text",
        direction,
        fromMe: direction === "outgoing",
        timestamp: "2026-01-01T10:00:00.000Z",
        chat: { ...party, type: "private" },
        sender: party,
        content: { text },
      },
    },
  };
}

function status(seq: number, messageId: string, value: string): Envelope {
  return {
    event: "message.status",
    seq,
    data: { messageId, status: value, fromMe: true, chat: party, timestamp: "" },
  };
}

describe("the live tail", () => {
  it("keeps the newest events up to its limit", () => {
    let tail = EMPTY_TAIL;
    for (let seq = 1; seq <= 5; seq += 1)
      tail = receive(tail, message(seq, `m${seq}`, "incoming", "x"), 3);
    expect(tail.shown.map((e) => e.seq)).toEqual([3, 4, 5]);
  });

  it("holds events while paused and shows them, in order, on resume", () => {
    let tail = receive(EMPTY_TAIL, message(1, "a", "incoming", "x"));
    tail = setPaused(tail, true);
    tail = receive(tail, message(2, "b", "incoming", "y"));
    tail = receive(tail, status(3, "b", "read"));
    expect(tail.shown.map((e) => e.seq)).toEqual([1]);
    expect(tail.held).toHaveLength(2);
    tail = setPaused(tail, false);
    expect(tail.shown.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(tail.held).toEqual([]);
    expect(clear(tail).shown).toEqual([]);
  });

  it("filters by kind", () => {
    let tail = receive(EMPTY_TAIL, message(1, "a", "incoming", "x"));
    tail = receive(tail, status(2, "a", "read"));
    expect(visible(tail, new Set(["message.status"])).map((e) => e.seq)).toEqual([2]);
  });

  it.each([
    [message(1, "a", "incoming", "Hello"), `incoming text ${CUSTOMER}: Hello`],
    [status(2, "a", "read"), "read a"],
    [
      {
        event: "instance.state",
        seq: 3,
        data: { state: "connected", reason: "connected", numberJid: null, timestamp: "" },
      },
      "connected (connected)",
    ],
  ] as [Envelope, string][])("summarizes %j as %s", (event, line) => {
    expect(summarize(event)).toBe(line);
  });
});

describe("the sandbox phone's conversation", () => {
  const build = (events: Envelope[], customer = CUSTOMER): Bubble[] =>
    events.reduce<Bubble[]>((chat, e) => applyEvent(chat, e, customer), []);

  it("puts the customer's messages and the agent's replies in order, with receipts", () => {
    const chat = build([
      message(1, "in1", "incoming", "Hi"),
      message(2, "out1", "outgoing", "Hello!"),
      status(3, "out1", "delivered"),
      status(4, "out1", "read"),
      status(5, "out1", "delivered"),
    ]);
    expect(chat.map((b) => [b.id, b.side, b.status])).toEqual([
      ["in1", "customer", "received"],
      ["out1", "agent", "read"],
    ]);
  });

  it("leaves out other chats and repeated events", () => {
    const chat = build(
      [message(1, "in1", "incoming", "Hi"), message(1, "in1", "incoming", "Hi")],
      "+55 11 98888-7777",
    );
    expect(chat).toEqual([]);
    expect(
      build([message(1, "in1", "incoming", "Hi"), message(1, "in1", "incoming", "Hi")]),
    ).toHaveLength(1);
  });
});

describe("Chatwoot errors, mapped to the form's fields", () => {
  it.each([
    [
      "Chatwoot account or endpoint not found — verify chatwootBaseUrl (https://x) and chatwootAccountId (5). Detail: not found",
      "not_found",
      ["chatwootBaseUrl", "chatwootAccountId"],
    ],
    [
      "Chatwoot rejected the request as invalid — verify inboxName and the other fields. Detail: taken",
      "invalid",
      ["inboxName"],
    ],
    [
      "Chatwoot rejected the API token — verify chatwootApiToken. Detail: Invalid Access Token",
      "unauthorized",
      ["chatwootApiToken"],
    ],
    [
      "Chatwoot denied the request — verify the API token has admin scope on account 5. Detail: no",
      "forbidden",
      ["chatwootApiToken", "chatwootAccountId"],
    ],
    [
      "Chatwoot is unreachable — verify chatwootBaseUrl (https://x) and that the integration gateway can reach it. Detail: ECONNREFUSED",
      "unreachable",
      ["chatwootBaseUrl"],
    ],
    [
      "Chatwoot did not answer in time — verify chatwootBaseUrl (https://x) and try again. Detail: slow",
      "timeout",
      ["chatwootBaseUrl"],
    ],
    [
      "integration gateway did not answer in time — try again. Detail: no answer within 60000 ms",
      "gateway_timeout",
      [],
    ],
    [
      "integration gateway is unreachable — try again later. Detail: ECONNREFUSED",
      "gateway_unreachable",
      [],
    ],
    [
      "integration gateway refused the server's credentials — the server operator must verify BRIDGE_TOKEN. Detail: HTTP 401",
      "gateway_credentials",
      [],
    ],
    [
      "integration gateway failed — try again later. Detail: HTTP 500: boom mentions inboxName",
      "gateway_failed",
      [],
    ],
    ["integration gateway not configured", "not_configured", []],
    ["something else", "other", []],
  ])("%s → %s %j", (text, kind, fields) => {
    const error = classifyChatwootError(text);
    expect(error.kind).toBe(kind);
    expect(error.fields).toEqual(fields);
  });

  it("splits an invalid body into per-field problems", () => {
    const error = classifyChatwootError(
      "invalid body: chatwootBaseUrl: must be an http(s) URL; chatwootAccountId: must be an integer greater than 0",
    );
    expect(error.kind).toBe("invalid_body");
    expect(error.fields).toEqual(["chatwootBaseUrl", "chatwootAccountId"]);
    expect(error.problems).toEqual({
      chatwootBaseUrl: "must be an http(s) URL",
      chatwootAccountId: "must be an integer greater than 0",
    });
  });
});

describe("routes in the hash", () => {
  it.each([
    ["", { page: "list" }],
    ["#/", { page: "list" }],
    ["#/instances/support", { page: "instance", name: "support", tab: "connection" }],
    ["#/instances/a%20b/events", { page: "instance", name: "a b", tab: "events" }],
    ["#/instances/x/nonsense", { page: "instance", name: "x", tab: "connection" }],
    ["#/instances/%E0%A4%A", { page: "list" }],
  ])("%s → %j", (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it("round-trips", () => {
    const route = { page: "instance", name: "sales.br", tab: "phone" } as const;
    expect(parseRoute(routeHash(route))).toEqual(route);
  });
});
