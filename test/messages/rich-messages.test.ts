import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { PNG_1PX, connectedInstance, inbound, type Body } from "../events/support/helpers.js";

const TO = "5511988887777";
const TO_JID = `${TO}@s.whatsapp.net`;

describe("message kinds beyond text and media (ryzeapi-more.md 1)", () => {
  let server: TestServer;
  let inst: { name: string; token: string; id: string; accountToken: string };
  const send = (kind: string, body: unknown, name = inst.name, token = inst.token) =>
    server.request<Body>("POST", `/api/message/${kind}/${name}`, { token, body });
  const lastOutbox = async () => {
    const reply = await server.request<Body>("GET", `/api/sandbox/outbox/${inst.name}`, {
      token: inst.token,
    });
    return (reply.body.outbox as Body[]).at(-1)!;
  };
  const stored = async (id: string) =>
    (
      await server.request<Body>("GET", `/api/chat/getMessage/${inst.name}?messageId=${id}`, {
        token: inst.token,
      })
    ).body.data as Body;

  beforeAll(async () => {
    server = await startTestServer();
    inst = await connectedInstance(server);
  });
  afterAll(async () => {
    await server.close();
  });

  it("sends a location: content is the text rendering, the event carries the coordinates", async () => {
    const reply = await send("location", {
      number: TO,
      latitude: -23.55052,
      longitude: -46.633308,
      name: "Praça da Sé",
      address: "Sé, São Paulo",
      source: "crm",
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      success: true,
      message: "Location sent successfully",
      status: "sent",
      data: {
        direction: "outgoing",
        messageType: "location",
        chat: { jid: TO_JID },
        content: "📍 Praça da Sé\nSé, São Paulo\nLat: -23.55052, Long: -46.633308",
        source: "crm",
      },
    });
    const id = reply.body.data.messageId as string;
    expect(await lastOutbox()).toMatchObject({
      kind: "rich",
      messageId: id,
      content: {
        kind: "location",
        location: { latitude: -23.55052, longitude: -46.633308, name: "Praça da Sé" },
      },
    });
    expect(await stored(id)).toMatchObject({
      type: "location",
      content: { location: { latitude: -23.55052, address: "Sé, São Paulo", live: false } },
    });
  });

  it("refuses a location without coordinates with the literal message", async () => {
    const missing = await send("location", { number: TO, latitude: 1 });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      success: false,
      error: { message: "Latitude and longitude are required" },
    });
    const noNumber = await send("location", { latitude: 1, longitude: 2 });
    expect(noNumber.body).toEqual({ success: false, error: { message: "Number is required" } });
    const bad = await send("location", { number: TO, latitude: 100, longitude: 2 });
    expect(bad.status).toBe(400);
    expect((bad.body.error as Body).message).toMatch(/^Invalid request body: latitude: /);
    const malformed = await server.request<Body>("POST", `/api/message/location/${inst.name}`, {
      token: inst.token,
      body: "{nope",
    });
    expect(malformed.body).toEqual({ success: false, error: { message: "Invalid request body" } });
  });

  it("sends one contact as an object and several in one message, echoing vcard", async () => {
    const one = await send("contact", {
      number: TO,
      vcard: { fullName: "Ana Souza", phone: "5511911112222", organization: "ACME" },
    });
    expect(one.status).toBe(200);
    expect(one.body.message).toBe("Contact sent successfully");
    expect(one.body.data.vcard).toEqual([
      { fullName: "Ana Souza", phone: "5511911112222", organization: "ACME" },
    ]);
    const outbox = await lastOutbox();
    expect(outbox.content.contacts[0].vcard).toContain(
      "TEL;type=CELL;type=VOICE;waid=5511911112222",
    );
    expect(outbox.content.contacts[0].vcard).toContain("ORG:ACME;");
    const two = await send("contact", {
      number: TO,
      vcard: [
        { fullName: "Ana", phone: "5511911112222" },
        { fullName: "Bruno", phone: "5511933334444", email: "b@x.com" },
      ],
    });
    expect(two.body.message).toBe("2 contacts sent successfully in one message");
    expect(await stored(two.body.data.messageId)).toMatchObject({
      type: "contact",
      content: { contacts: [{ name: "Ana" }, { name: "Bruno" }] },
    });
    const none = await send("contact", { number: TO, vcard: [] });
    expect(none.body).toEqual({ success: false, error: { message: "vcard is required" } });
  });

  it("sends a poll, clamping maxAnswer, and renders numbered options", async () => {
    const reply = await send("poll", {
      number: TO,
      question: "Lunch?",
      options: ["Pizza", "Sushi", "Salad"],
      maxAnswer: 9,
    });
    expect(reply.body.data).toMatchObject({
      messageType: "poll",
      content: "Lunch?\n1. Pizza\n2. Sushi\n3. Salad",
    });
    expect(await lastOutbox()).toMatchObject({
      content: { kind: "poll", poll: { name: "Lunch?", selectableCount: 3 } },
    });
    const few = await send("poll", { number: TO, question: "Q", options: ["only"] });
    expect(few.body).toEqual({
      success: false,
      error: { message: "Poll needs between 2 and 12 options" },
    });
    const noQuestion = await send("poll", { number: TO, options: ["a", "b"] });
    expect(noQuestion.body.error.message).toBe("Question is required");
  });

  it("sends buttons on both spellings; media needs mediaType; at most 3", async () => {
    for (const path of ["button", "buttons"]) {
      const reply = await send(path, {
        number: TO,
        contentText: "Choose",
        footerText: "ponte",
        buttons: [
          { id: "yes", displayText: "Yes" },
          { id: "https://example.com", displayText: "Site", type: "url" },
        ],
      });
      expect(reply.status).toBe(200);
      expect(reply.body.data).toMatchObject({ messageType: "buttons", content: "Choose" });
      expect(await lastOutbox()).toMatchObject({
        content: {
          kind: "buttons",
          buttons: [
            { id: "yes", displayText: "Yes", type: "REPLY" },
            { id: "https://example.com", type: "URL" },
          ],
        },
      });
    }
    const withMedia = await send("button", {
      number: TO,
      contentText: "Look",
      buttons: [{ id: "ok" }],
      mediaUrl: `data:image/png;base64,${PNG_1PX}`,
    });
    expect(withMedia.body.error.message).toBe("mediaType is required when mediaUrl is sent");
    const media = await send("button", {
      number: TO,
      contentText: "Look",
      buttons: [{ id: "ok" }],
      mediaUrl: `data:image/png;base64,${PNG_1PX}`,
      mediaType: "IMAGE",
    });
    expect(media.status).toBe(200);
    expect((await lastOutbox()).content.media).toMatchObject({
      type: "image",
      mimetype: "image/png",
    });
    const four = await send("button", {
      number: TO,
      contentText: "x",
      buttons: [{ id: "1" }, { id: "2" }, { id: "3" }, { id: "4" }],
    });
    expect(four.body.error.message).toBe("At most 3 buttons are allowed");
  });

  it("sends a list; the event is an interactive message with its sections", async () => {
    const reply = await send("list", {
      number: TO,
      contentText: "Menu",
      buttonText: "Open",
      sections: [{ title: "Food", rows: [{ id: "p1", title: "Pizza", description: "big" }] }],
    });
    expect(reply.body.data).toMatchObject({ messageType: "list", content: "Menu" });
    expect(await stored(reply.body.data.messageId)).toMatchObject({
      type: "interactive",
      content: {
        text: "Menu",
        interactive: {
          kind: "list",
          definition: { buttonText: "Open", sections: [{ title: "Food" }] },
        },
      },
    });
    const noButton = await send("list", { number: TO, contentText: "x", sections: [] });
    expect(noButton.body.error.message).toBe("buttonText is required");
  });

  it("sends a carousel: content names the cards, the cards are not echoed", async () => {
    const reply = await send("carousel", {
      number: TO,
      message: "Offers",
      cards: [
        {
          header: { title: "Card 1", imageUrl: `data:image/png;base64,${PNG_1PX}` },
          body: { text: "First" },
          buttons: [{ id: "buy-1", displayText: "Buy" }],
        },
        { header: { title: "Card 2" }, body: { text: "Second" } },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toMatchObject({
      messageType: "interactive",
      content: "Offers - Carousel with 2 card(s)",
    });
    expect(reply.body.data.cards).toBeUndefined();
    const entry = await lastOutbox();
    expect(entry.content.cards).toHaveLength(2);
    expect(entry.content.cards[0].media.type).toBe("image");
    const noTitle = await send("carousel", {
      number: TO,
      cards: [{ header: {}, body: { text: "x" } }],
    });
    expect(noTitle.body.error.message).toBe("Card header title is required");
  });

  it("sends a form from a built-in flow or raw parameters", async () => {
    const reply = await send("form", {
      number: TO,
      message: "Your details",
      formType: "contact_details",
      buttonLabel: "Fill",
      emailVisible: true,
    });
    expect(reply.body.data).toMatchObject({ messageType: "interactive", content: "Your details" });
    const params = JSON.parse((await lastOutbox()).content.paramsJson);
    expect(params).toMatchObject({
      flow_cta: "Fill",
      flow_action_payload: { data: { formType: "contact_details", fields: { email: true } } },
    });
    const raw = await send("form", { number: TO, buttonParamsJSON: '{"flow_id":"1"}' });
    expect(raw.status).toBe(200);
    expect((await lastOutbox()).content.paramsJson).toBe('{"flow_id":"1"}');
    const neither = await send("form", { number: TO });
    expect(neither.body.error.message).toBe("formType or buttonParamsJSON is required");
  });

  it("sends a PIX card and refuses an unknown key type", async () => {
    const reply = await send("pix", {
      number: TO,
      merchantName: "Loja",
      pixKey: "12345678901",
      pixKeyType: "cpf",
      message: "Pay here",
      items: [{ name: "Shirt", quantity: 2, unitPrice: 49.9 }],
    });
    expect(reply.body.data).toMatchObject({ messageType: "interactive", content: "Pay here" });
    expect(await lastOutbox()).toMatchObject({
      content: { kind: "pix", pixKeyType: "CPF", items: [{ name: "Shirt", quantity: 2 }] },
    });
    const bad = await send("pix", {
      number: TO,
      merchantName: "Loja",
      pixKey: "k",
      pixKeyType: "IBAN",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      "Invalid pixKeyType: use CPF, CNPJ, EMAIL, PHONE or RANDOM",
    );
  });

  it("converts a sticker to a 512×512 WebP and answers without content", async () => {
    const reply = await send("sticker", {
      number: TO,
      imageUrl: `data:image/png;base64,${PNG_1PX}`,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toMatchObject({ messageType: "sticker", mediaMimeType: "image/webp" });
    expect(reply.body.data.content).toBeUndefined();
    const entry = await lastOutbox();
    expect(entry).toMatchObject({
      kind: "media",
      media: { type: "sticker", mimetype: "image/webp" },
    });
    const meta = await sharp(Buffer.from(entry.media.base64, "base64")).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 512, height: 512 });
    const notImage = await send("sticker", {
      number: TO,
      imageUrl: "data:application/pdf;base64,JVBERi0=",
    });
    expect(notImage.status).toBe(400);
    expect(notImage.body.error.message).toMatch(/^Unsupported sticker image type/);
    const missing = await send("sticker", { number: TO });
    expect(missing.body.error.message).toBe("imageUrl is required");
  });

  it("posts text and media statuses to status@broadcast", async () => {
    const text = await send("status", {
      type: "text",
      message: "Open today",
      backgroundColor: "#FF0000",
      font: "serif",
    });
    expect(text.status).toBe(200);
    expect(text.body.data).toMatchObject({
      messageType: "text",
      chat: { jid: "status@broadcast", type: "broadcast" },
    });
    expect(await lastOutbox()).toMatchObject({
      to: "status@broadcast",
      content: { kind: "statusText", backgroundColor: "#FF0000", font: 1 },
    });
    const image = await send("status", {
      type: "image",
      message: "caption",
      mediaUrl: `data:image/png;base64,${PNG_1PX}`,
    });
    expect(image.body.data).toMatchObject({
      messageType: "image",
      chat: { jid: "status@broadcast" },
    });
    const noMedia = await send("status", { type: "video" });
    expect(noMedia.body.error.message).toBe("mediaUrl is required for a media status");
    const noType = await send("status", { message: "x" });
    expect(noType.body.error.message).toBe("Type is required: text, image, video or audio");
  });

  it("quotes a stored message and refuses an unknown replyTo", async () => {
    const incoming = await inbound(server, inst, { from: TO, text: "where?" });
    const reply = await send("location", {
      number: TO,
      latitude: 1,
      longitude: 2,
      replyTo: incoming.messageId,
    });
    expect(reply.body.data.replyTo).toEqual({ messageId: incoming.messageId });
    const unknown = await send("poll", {
      number: TO,
      question: "q",
      options: ["a", "b"],
      replyTo: "NOPE",
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe("Message not found");
  });

  it("answers 404 for an unknown instance and 503 when not connected", async () => {
    const body = { number: TO, latitude: 1, longitude: 2 };
    const unknown = await send("location", body, "nope", inst.accountToken);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe("Instance not found");
    const idle = await server.createInstance(inst.accountToken);
    for (const [kind, payload] of [
      ["location", body],
      ["poll", { number: TO, question: "q", options: ["a", "b"] }],
      ["sticker", { number: TO, imageUrl: `data:image/png;base64,${PNG_1PX}` }],
      ["status", { type: "text", message: "hi" }],
      ["carousel", { number: TO, cards: [{ header: { title: "t" }, body: { text: "b" } }] }],
    ] as const) {
      const reply = await send(kind, payload, idle.name, idle.token);
      expect(reply.status, kind).toBe(503);
      expect(reply.body.error.message).toBe("Instance is not connected to WhatsApp");
    }
  });

  it("answers 503 when the phone drops the send", async () => {
    await server.request("POST", `/api/sandbox/faults/${inst.name}`, {
      token: inst.token,
      body: { failNextSends: 1 },
    });
    const reply = await send("poll", { number: TO, question: "q", options: ["a", "b"] });
    expect(reply.status).toBe(503);
    expect(reply.body.error.message).toBe("Instance is not connected to WhatsApp");
  });
});
