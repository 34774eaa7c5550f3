import { describe, expect, it } from "vitest";
import {
  AFTER_INVALID,
  EVENTS_INVALID,
  clientStreamQuerySchema,
  gatewayStreamQuerySchema,
} from "./event-stream.js";

describe("the event stream's querystring", () => {
  it.each([
    [{}, { after: undefined, events: [], mediaBase64: true }],
    [{ after: "" }, { after: undefined, events: [], mediaBase64: true }],
    [{ after: "0" }, { after: 0, events: [], mediaBase64: true }],
    [
      { after: "42", token: "t" },
      { after: 42, events: [], mediaBase64: true },
    ],
    [{ events: "" }, { after: undefined, events: [], mediaBase64: true }],
    [
      { events: "message.status, message.exchange,message.status" },
      { after: undefined, events: ["message.status", "message.exchange"], mediaBase64: true },
    ],
    [{ mediaBase64: "false" }, { after: undefined, events: [], mediaBase64: false }],
    [{ mediaBase64: "no" }, { after: undefined, events: [], mediaBase64: true }],
    [{ mediaBase64: ["false", "x"] }, { after: undefined, events: [], mediaBase64: true }],
  ])("reads %j", (query, expected) => {
    expect(gatewayStreamQuerySchema.parse(query)).toEqual(expected);
  });

  it.each([
    [{ after: "x" }, AFTER_INVALID],
    [{ after: "-1" }, AFTER_INVALID],
    [{ after: "1234567890123456" }, AFTER_INVALID],
    [{ after: ["1", "2"] }, AFTER_INVALID],
    [{ events: "message.exchange,nope" }, EVENTS_INVALID],
    [{ events: ["message.exchange"] }, EVENTS_INVALID],
  ])("refuses %j with its message", (query, message) => {
    const parsed = gatewayStreamQuerySchema.safeParse(query);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(message);
  });

  it("takes only after on a client's stream (its filter is its configuration)", () => {
    expect(clientStreamQuerySchema.parse({ after: "3", events: "nope" })).toEqual({ after: 3 });
  });
});
