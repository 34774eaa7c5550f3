import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { proto } from "@whiskeysockets/baileys";
import {
  FakeWhatsApp,
  messageEvents,
  pairedInstance,
  type FakeSocket,
} from "../support/fake-baileys.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { PNG_1PX, type Body } from "../events/support/helpers.js";

const CUSTOMER = "5511988887777";
const CUSTOMER_JID = `${CUSTOMER}@s.whatsapp.net`;

describe("baileys provider: rich message kinds as Baileys calls", () => {
  let whatsapp: FakeWhatsApp;
  let server: TestServer;
  let inst: { name: string; token: string; id: string };
  let socket: FakeSocket;
  const send = (kind: string, body: Body) =>
    server.request<Body>("POST", `/api/message/${kind}/${inst.name}`, { token: inst.token, body });
  const lastSend = () => socket.callsOf("sendMessage").at(-1)!;
  const lastRelay = () => socket.callsOf("relayMessage").at(-1) as [string, proto.IMessage, Body];
  const interactive = (message: proto.IMessage) =>
    message.viewOnceMessage!.message!.interactiveMessage!;

  beforeAll(async () => {
    whatsapp = new FakeWhatsApp();
    server = await startTestServer({ makeSocket: whatsapp.factory });
    ({ inst, socket } = await pairedInstance(server, whatsapp));
    socket.registeredNumbers.add(CUSTOMER);
  });
  afterAll(async () => {
    await server.close();
  });

  it("sends a location as a LocationMessage", async () => {
    const reply = await send("location", {
      number: CUSTOMER,
      latitude: -23.5,
      longitude: -46.6,
      name: "Sé",
    });
    expect(reply.status).toBe(200);
    expect(lastSend()).toEqual([
      CUSTOMER_JID,
      { location: { degreesLatitude: -23.5, degreesLongitude: -46.6, name: "Sé" } },
      {},
    ]);
    const events = await messageEvents(server, inst.id);
    const event = events.find((e) => e.message_id === reply.body.data.messageId);
    expect(event).toBeDefined();
  });

  it("sends contacts as one contacts message with vCards", async () => {
    await send("contact", {
      number: CUSTOMER,
      vcard: [
        { fullName: "Ana", phone: "5511911112222" },
        { fullName: "Bruno", phone: "5511933334444" },
      ],
    });
    const [, content] = lastSend() as [string, Body];
    expect(content.contacts.displayName).toBe("2 contacts");
    expect(content.contacts.contacts).toHaveLength(2);
    expect(content.contacts.contacts[1].vcard).toContain("waid=5511933334444");
  });

  it("sends a poll with its selectable count", async () => {
    await send("poll", {
      number: CUSTOMER,
      question: "Q?",
      options: ["a", "b", "c"],
      maxAnswer: 2,
    });
    expect(lastSend()[1]).toEqual({
      poll: { name: "Q?", values: ["a", "b", "c"], selectableCount: 2 },
    });
  });

  it("relays buttons as a Native Flow interactive message with the biz node", async () => {
    const reply = await send("button", {
      number: CUSTOMER,
      contentText: "Pick",
      footerText: "foot",
      buttons: [
        { id: "yes", displayText: "Yes" },
        { id: "5511900000000", displayText: "Call us", type: "CALL" },
      ],
    });
    expect(reply.status).toBe(200);
    const [jid, message, options] = lastRelay();
    expect(jid).toBe(CUSTOMER_JID);
    expect(options.messageId).toBe(reply.body.data.messageId);
    expect(options.additionalNodes[0].tag).toBe("biz");
    const body = interactive(message);
    expect(body.body?.text).toBe("Pick");
    expect(body.footer?.text).toBe("foot");
    expect(body.nativeFlowMessage?.buttons).toEqual([
      { name: "quick_reply", buttonParamsJson: JSON.stringify({ display_text: "Yes", id: "yes" }) },
      {
        name: "cta_call",
        buttonParamsJson: JSON.stringify({
          display_text: "Call us",
          phone_number: "5511900000000",
        }),
      },
    ]);
    const stored = (await messageEvents(server, inst.id)).find(
      (e) => e.message_id === reply.body.data.messageId,
    );
    const data = JSON.parse(stored!.data);
    expect(data.message).toMatchObject({
      type: "interactive",
      fromMe: true,
      content: { text: "Pick", interactive: { kind: "buttons" } },
    });
  });

  it("relays a list as a single_select button", async () => {
    await send("list", {
      number: CUSTOMER,
      contentText: "Menu",
      buttonText: "Open",
      sections: [{ title: "S", rows: [{ id: "r1", title: "Row" }] }],
    });
    const button = interactive(lastRelay()[1]).nativeFlowMessage!.buttons![0]!;
    expect(button.name).toBe("single_select");
    expect(JSON.parse(button.buttonParamsJson!)).toEqual({
      title: "Open",
      sections: [{ title: "S", rows: [{ id: "r1", title: "Row", description: "" }] }],
    });
  });

  it("uploads carousel card images and relays the cards", async () => {
    const uploads = socket.callsOf("waUploadToServer").length;
    await send("carousel", {
      number: CUSTOMER,
      message: "Offers",
      cards: [
        {
          header: { title: "One", imageUrl: `data:image/png;base64,${PNG_1PX}` },
          body: { text: "first" },
          buttons: [{ id: "https://x.example", displayText: "Open", type: "URL" }],
        },
        { header: { title: "Two" }, body: { text: "second" } },
      ],
    });
    expect(socket.callsOf("waUploadToServer").length).toBe(uploads + 1);
    const cards = interactive(lastRelay()[1]).carouselMessage!.cards!;
    expect(cards).toHaveLength(2);
    expect(cards[0]!.header).toMatchObject({ title: "One", hasMediaAttachment: true });
    expect(cards[0]!.header!.imageMessage).toBeDefined();
    expect(cards[0]!.nativeFlowMessage!.buttons![0]!.name).toBe("cta_url");
    expect(cards[1]!.header).toMatchObject({ title: "Two", hasMediaAttachment: false });
  });

  it("relays a PIX card as a payment_info button with a static code", async () => {
    await send("pix", {
      number: CUSTOMER,
      merchantName: "Loja",
      pixKey: "loja@example.com",
      pixKeyType: "EMAIL",
      items: [{ name: "Shirt", quantity: 2, unitPrice: 10.5 }],
    });
    const button = interactive(lastRelay()[1]).nativeFlowMessage!.buttons![0]!;
    expect(button.name).toBe("payment_info");
    const params = JSON.parse(button.buttonParamsJson!);
    expect(params.total_amount).toEqual({ value: 2100, offset: 100 });
    expect(params.payment_settings[0].pix_static_code).toEqual({
      merchant_name: "Loja",
      key: "loja@example.com",
      key_type: "EMAIL",
    });
  });

  it("relays a form as a galaxy_message flow button", async () => {
    await send("form", { number: CUSTOMER, formType: "registration_offer", buttonLabel: "Join" });
    const button = interactive(lastRelay()[1]).nativeFlowMessage!.buttons![0]!;
    expect(button.name).toBe("galaxy_message");
    expect(JSON.parse(button.buttonParamsJson!).flow_cta).toBe("Join");
  });

  it("sends a sticker as WebP bytes", async () => {
    await send("sticker", { number: CUSTOMER, imageUrl: `data:image/png;base64,${PNG_1PX}` });
    const [, content] = lastSend() as [string, Body];
    expect(content.mimetype).toBe("image/webp");
    expect(Buffer.isBuffer(content.sticker)).toBe(true);
    expect((content.sticker as Buffer).subarray(8, 12).toString("latin1")).toBe("WEBP");
  });

  it("posts a text story to status@broadcast with colour and font", async () => {
    await send("status", {
      type: "text",
      message: "Open",
      backgroundColor: "#00FF00",
      font: "serif",
    });
    const [jid, content, options] = lastSend() as [string, Body, Body];
    expect(jid).toBe("status@broadcast");
    expect(content).toEqual({ text: "Open" });
    expect(options).toMatchObject({ backgroundColor: "#00FF00", font: 1, broadcast: true });
    expect(Array.isArray(options.statusJidList)).toBe(true);
  });
});
