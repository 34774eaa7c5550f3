import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DisconnectReason, type WAMessage } from "@whiskeysockets/baileys";
import { FakeWhatsApp, messageEvents, pairedInstance } from "../support/fake-baileys.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { waitFor } from "../events/support/helpers.js";

const CUSTOMER_JID = "5511988887777@s.whatsapp.net";

function text(id: string, body: string): WAMessage {
  return {
    key: { remoteJid: CUSTOMER_JID, fromMe: false, id },
    message: { conversation: body },
    messageTimestamp: 1_795_000_000,
  };
}

function image(id: string): WAMessage {
  return {
    key: { remoteJid: CUSTOMER_JID, fromMe: false, id },
    message: { imageMessage: { mimetype: "image/jpeg", fileLength: 3 } },
    messageTimestamp: 1_795_000_000,
  };
}

/** Nothing inbound is lost, doubled or reordered by the way Baileys hands batches over. */
describe("baileys provider: inbound robustness", () => {
  let whatsapp: FakeWhatsApp;
  let server: TestServer;

  beforeAll(async () => {
    whatsapp = new FakeWhatsApp();
    server = await startTestServer({ makeSocket: whatsapp.factory });
  });
  afterAll(async () => {
    await server.close();
  });

  async function paired() {
    const { inst, socket } = await pairedInstance(server, whatsapp);
    const stored = () => messageEvents(server, inst.id);
    return { inst, socket, stored };
  }

  it("keeps arrival order when an earlier batch waits for its media", async () => {
    const { socket, stored } = await paired();
    socket.media.set("IMG1", { bytes: Buffer.from("jpg"), delayMs: 150 });
    // Baileys does not wait for one batch's handler before starting the next.
    const first = socket.emitEvent("messages.upsert", {
      messages: [image("IMG1")],
      type: "notify",
    });
    const second = socket.emitEvent("messages.upsert", {
      messages: [text("TXT2", "after")],
      type: "notify",
    });
    await Promise.all([first, second]);
    const rows = await stored();
    expect(rows.map((row) => row.message_id)).toEqual(["IMG1", "TXT2"]);
    expect(rows[0]!.media_base64).toBe(Buffer.from("jpg").toString("base64"));
  });

  it("loses no other message when one in the batch cannot be read", async () => {
    const { socket, stored } = await paired();
    const corrupt = {
      key: { remoteJid: CUSTOMER_JID, fromMe: false, id: "BAD1" },
      get message(): never {
        throw new Error("corrupt payload");
      },
    } as unknown as WAMessage;
    const outOfRange = { ...text("ODD2", "absurd clock"), messageTimestamp: 1e13 };
    await socket.emitEvent("messages.upsert", {
      messages: [corrupt, outOfRange, text("GOOD3", "fine")],
      type: "notify",
    });
    expect((await stored()).map((row) => row.message_id)).toEqual(["ODD2", "GOOD3"]);
    expect(server.log.text()).toContain("message not mapped");
  });

  it("keeps messages and credentials a replaced socket delivers late", async () => {
    const { inst, socket, stored } = await paired();
    await socket.close(DisconnectReason.restartRequired);
    await waitFor(() => (whatsapp.last() !== socket ? whatsapp.last() : undefined), "a new socket");
    const before = await server.runtime.database.db
      .selectFrom("provider_session_items")
      .select("value_sealed")
      .where("instance_id", "=", inst.id)
      .where("category", "=", "creds")
      .executeTakeFirstOrThrow();
    socket.options.auth.creds.nextPreKeyId += 30;
    await socket.emit({
      "creds.update": { nextPreKeyId: socket.options.auth.creds.nextPreKeyId },
      "messages.upsert": { messages: [text("LATE1", "decrypted late")], type: "notify" },
    });
    expect((await stored()).map((row) => row.message_id)).toContain("LATE1");
    const after = await waitFor(async () => {
      const row = await server.runtime.database.db
        .selectFrom("provider_session_items")
        .select("value_sealed")
        .where("instance_id", "=", inst.id)
        .where("category", "=", "creds")
        .executeTakeFirstOrThrow();
      return row.value_sealed !== before.value_sealed ? row : undefined;
    }, "the late credentials saved");
    expect(after.value_sealed).not.toBe(before.value_sealed);
  });
});
