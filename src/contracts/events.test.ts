import { describe, expect, it } from "vitest";
import { eventEnvelopeSchema, type EventEnvelope } from "./events.js";

const instanceData = { baseUrl: "http://127.0.0.1:8080", instance: "support", token: "ins_x" };
const chat = {
  jid: "5511999990000@s.whatsapp.net",
  phone: "5511999990000",
  lid: null,
  name: "Ana",
  type: "private" as const,
  isCommunity: false,
};

const text: EventEnvelope = {
  event: "message.exchange",
  seq: 1,
  instanceData,
  data: {
    id: "WA1",
    type: "text",
    message: {
      id: "WA1",
      type: "text",
      direction: "incoming",
      fromMe: false,
      timestamp: "2026-01-01T00:00:00.000Z",
      chat,
      sender: { jid: chat.jid, phone: chat.phone, lid: null, name: "Ana" },
      content: { text: "hello" },
    },
  },
};

const receipt: EventEnvelope = {
  event: "message.status",
  seq: 2,
  instanceData,
  data: {
    messageId: "WA1",
    status: "read",
    statusCode: 4,
    fromMe: true,
    chat,
    participant: null,
    timestamp: "2026-01-01T00:00:01.000Z",
  },
};

describe("event envelope schema", () => {
  it.each([
    ["a message", text],
    ["a receipt", receipt],
  ])("accepts %s and keeps event and data together", (_name, envelope) => {
    const parsed = eventEnvelopeSchema.parse(envelope);
    expect(parsed).toStrictEqual(envelope);
  });

  it("narrows data by event", () => {
    const parsed = eventEnvelopeSchema.parse(text);
    if (parsed.event !== "message.exchange") throw new Error("narrowing failed");
    expect(parsed.data.message.content.text).toBe("hello");
  });

  it("refuses data that belongs to another event", () => {
    const swapped = { ...text, data: receipt.data };
    expect(eventEnvelopeSchema.safeParse(swapped).success).toBe(false);
  });

  it.each([
    ["an unknown event", { ...text, event: "message.unknown" }],
    ["a zero sequence", { ...text, seq: 0 }],
    ["no instance data", { event: text.event, seq: 1, data: text.data }],
  ])("refuses %s", (_name, envelope) => {
    expect(eventEnvelopeSchema.safeParse(envelope).success).toBe(false);
  });
});
