import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeWhatsApp, pairedInstance, type FakeSocket } from "../support/fake-baileys.js";
import { startTestServer, type TestServer } from "../support/server.js";
import type { Body } from "../events/support/helpers.js";

const CUSTOMER = "5511988887777";
const CUSTOMER_JID = `${CUSTOMER}@s.whatsapp.net`;

describe("baileys provider: chat management as Baileys calls", () => {
  let whatsapp: FakeWhatsApp;
  let server: TestServer;
  let inst: { name: string; token: string; id: string };
  let socket: FakeSocket;
  const call = (method: string, route: string, body?: unknown) => {
    const [path, query] = route.split("?");
    const url = `/api/chat/${path}/${inst.name}${query === undefined ? "" : `?${query}`}`;
    return server.request<Body>(method, url, { token: inst.token, body });
  };
  const lastOf = (method: string) => socket.callsOf(method).at(-1)!;

  beforeAll(async () => {
    whatsapp = new FakeWhatsApp();
    server = await startTestServer({ makeSocket: whatsapp.factory });
    ({ inst, socket } = await pairedInstance(server, whatsapp));
    socket.registeredNumbers.add(CUSTOMER);
    await socket.emitEvent("messages.upsert", {
      type: "notify",
      messages: [
        {
          key: { remoteJid: CUSTOMER_JID, fromMe: false, id: "3A00000000000000C1" },
          message: { conversation: "hi" },
          messageTimestamp: 1_795_000_000,
          pushName: "Maria",
        },
      ],
    });
    await server.runtime.connections.settled(inst.id);
  });
  afterAll(async () => {
    await server.close();
  });

  it("lists the contacts WhatsApp synced", async () => {
    await socket.emitEvent("contacts.upsert", [
      { id: CUSTOMER_JID, name: "Maria Silva", notify: "Maria", lid: "123456789@lid" },
    ]);
    const reply = await server.request<Body>("GET", `/api/chat/contacts/${inst.name}`, {
      token: inst.token,
    });
    expect(reply.body.contacts).toEqual([
      expect.objectContaining({
        jid: CUSTOMER_JID,
        lid: "123456789@lid",
        full_name: "Maria Silva",
        push_name: "Maria",
      }),
    ]);
  });

  it("creates labels after the synced ones and assigns them through app state", async () => {
    await socket.emitEvent("labels.edit", {
      id: "4",
      name: "New customer",
      color: 1,
      deleted: false,
      predefinedId: "1",
    });
    const created = await call("POST", "tag", { name: "VIP", color: 3 });
    expect(created.body.tag).toMatchObject({ id: "5", name: "VIP", color: 3 });
    expect(lastOf("addLabel")).toEqual(["", { id: "5", name: "VIP", color: 3, deleted: false }]);
    const assigned = await call("POST", "assignTag", { number: CUSTOMER, tagId: "5" });
    expect(assigned.body.chat_jid).toBe(CUSTOMER_JID);
    expect(lastOf("addChatLabel")).toEqual([CUSTOMER_JID, "5"]);
    await call("DELETE", `assignTag?number=${CUSTOMER}&tagId=5`);
    expect(lastOf("removeChatLabel")).toEqual([CUSTOMER_JID, "5"]);
    await socket.emitEvent("labels.association", {
      type: "add",
      association: { type: "label_jid", chatId: CUSTOMER_JID, labelId: "4" } as never,
    });
    const byLabel = await server.request<Body>(
      "GET",
      `/api/chat/contactsByLabel/${inst.name}?labelIds=4&refresh=true`,
      { token: inst.token },
    );
    expect(lastOf("resyncAppState")).toEqual([["regular"], false]);
    expect(byLabel.body).toMatchObject({ refreshed: true, chats: [{ chat_jid: CUSTOMER_JID }] });
    await call("DELETE", "tag?tagId=5");
    expect(lastOf("addLabel")).toEqual(["", { id: "5", name: "VIP", color: 3, deleted: true }]);
  });

  it("archives with the chat's last message, pins, mutes and deletes through chatModify", async () => {
    await call("POST", "archive", { number: CUSTOMER, archive: true });
    expect(lastOf("chatModify")).toEqual([
      {
        archive: true,
        lastMessages: [
          {
            key: { remoteJid: CUSTOMER_JID, fromMe: false, id: "3A00000000000000C1" },
            messageTimestamp: 1_795_000_000,
          },
        ],
      },
      CUSTOMER_JID,
    ]);
    await call("POST", "pin", { number: CUSTOMER, pin: true });
    expect(lastOf("chatModify")).toEqual([{ pin: true }, CUSTOMER_JID]);
    await call("POST", "mute", { number: CUSTOMER, mute: true, duration: "always" });
    expect(lastOf("chatModify")).toEqual([{ mute: -1 }, CUSTOMER_JID]);
    await call("POST", "mute", { number: CUSTOMER, mute: false });
    expect(lastOf("chatModify")).toEqual([{ mute: null }, CUSTOMER_JID]);
    await call("DELETE", "deleteChat", { number: CUSTOMER });
    expect(lastOf("chatModify")[0]).toMatchObject({ delete: true });
  });

  it("stars messages, blocks with the block list's count, and answers 501 for favourite chats", async () => {
    await call("POST", "favorite", { messageId: "3A00000000000000C1", favorite: true });
    expect(lastOf("star")).toEqual([
      CUSTOMER_JID,
      [{ id: "3A00000000000000C1", fromMe: false }],
      true,
    ]);
    const blocked = await call("POST", "block", { number: CUSTOMER, block: true });
    expect(lastOf("updateBlockStatus")).toEqual([CUSTOMER_JID, "block"]);
    expect(blocked.body.blocked_count).toBe(1);
    const chat = await call("POST", "favorite", { number: CUSTOMER, favorite: true });
    expect(chat.status).toBe(501);
  });

  it("sends presence with a pause afterwards", async () => {
    await call("POST", "presence", { number: CUSTOMER, state: "recording" });
    expect(lastOf("sendPresenceUpdate")).toEqual(["recording", CUSTOMER_JID]);
  });

  it("forwards with WhatsApp's forwarded mark and edits with an edit key", async () => {
    const forwarded = await call("POST", "forward", {
      messageId: "3A00000000000000C1",
      to: CUSTOMER,
    });
    expect(forwarded.status).toBe(200);
    expect(lastOf("sendMessage")).toEqual([
      CUSTOMER_JID,
      { text: "hi", contextInfo: { isForwarded: true, forwardingScore: 1 } },
      {},
    ]);
    const sent = await server.request<Body>("POST", `/api/message/text/${inst.name}`, {
      token: inst.token,
      body: { number: CUSTOMER, message: "helo" },
    });
    const id = sent.body.data.messageId as string;
    const edited = await call("POST", "edit", { messageId: id, content: "hello" });
    expect(edited.status).toBe(200);
    expect(lastOf("sendMessage")).toEqual([
      CUSTOMER_JID,
      { text: "hello", edit: { remoteJid: CUSTOMER_JID, fromMe: true, id } },
      {},
    ]);
  });
});
