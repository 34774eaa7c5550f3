import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WAMessage } from "@whiskeysockets/baileys";
import { FakeWhatsApp, messageEvents, pairedInstance } from "../support/fake-baileys.js";
import { startTestServer, type TestServer } from "../support/server.js";

function groupMessage(id: string): WAMessage {
  return {
    key: {
      remoteJid: "120363024567890123@g.us",
      fromMe: false,
      id,
      participant: "5511955554444@s.whatsapp.net",
    },
    message: { conversation: "in the group" },
    messageTimestamp: 1_795_000_000,
  };
}

function privateMessage(id: string): WAMessage {
  return {
    key: { remoteJid: "5511955554444@s.whatsapp.net", fromMe: false, id },
    message: { conversation: "old message" },
    messageTimestamp: 1_790_000_000,
  };
}

describe("baileys provider: settings applied to inbound traffic", () => {
  let whatsapp: FakeWhatsApp;
  let server: TestServer;

  beforeAll(async () => {
    whatsapp = new FakeWhatsApp();
    server = await startTestServer({ makeSocket: whatsapp.factory });
  });
  afterAll(async () => {
    await server.close();
  });

  async function connected(settings: Record<string, unknown>, query = "") {
    const { inst, socket } = await pairedInstance(server, whatsapp, settings, query);
    const messageIds = async () =>
      (await messageEvents(server, inst.id)).map((row) => row.message_id);
    return { socket, messageIds };
  }

  it("drops group messages when ignoreGroupMessages is on, and keeps them otherwise", async () => {
    const ignoring = await connected({ ignoreGroupMessages: true });
    await ignoring.socket.emitEvent("messages.upsert", {
      messages: [groupMessage("G1")],
      type: "notify",
    });
    expect(await ignoring.messageIds()).toEqual([]);
    const keeping = await connected({});
    await keeping.socket.emitEvent("messages.upsert", {
      messages: [groupMessage("G2")],
      type: "notify",
    });
    expect(await keeping.messageIds()).toEqual(["G2"]);
  });

  it("ignores history sync by default and records it when ?history=N asks for it", async () => {
    const history = (id: string) => ({
      chats: [],
      contacts: [],
      messages: [privateMessage(id)],
      isLatest: true,
    });
    const byDefault = await connected({});
    expect(byDefault.socket.options.syncHistory).toBe(false);
    await byDefault.socket.emitEvent("messaging-history.set", history("H1"));
    expect(await byDefault.messageIds()).toEqual([]);
    const asked = await connected({}, "?history=7");
    expect(asked.socket.options.syncHistory).toBe(true);
    await asked.socket.emitEvent("messaging-history.set", history("H2"));
    expect(await asked.messageIds()).toEqual(["H2"]);
  });
});
