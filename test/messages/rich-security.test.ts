import { describeRouteSecurity, type RouteCase } from "../support/security-suite.js";

const number = "5511900000000";
const kinds: [string, Record<string, unknown>][] = [
  ["sticker", { number, imageUrl: "data:image/png;base64,iVBORw0KGgo=" }],
  ["location", { number, latitude: 1, longitude: 2 }],
  ["contact", { number, vcard: { fullName: "A", phone: number } }],
  ["poll", { number, question: "q", options: ["a", "b"] }],
  ["button", { number, contentText: "x", buttons: [{ id: "1" }] }],
  ["buttons", { number, contentText: "x", buttons: [{ id: "1" }] }],
  [
    "list",
    { number, contentText: "x", buttonText: "b", sections: [{ rows: [{ id: "1", title: "t" }] }] },
  ],
  ["carousel", { number, cards: [{ header: { title: "t" }, body: { text: "b" } }] }],
  ["form", { number, formType: "contact_details" }],
  ["pix", { number, merchantName: "m", pixKey: "k", pixKeyType: "CPF" }],
  ["status", { type: "text", message: "hi" }],
];

const routes: RouteCase[] = kinds.map(([kind, body]) => ({
  method: "POST",
  path: (i) => `/api/message/${kind}/${i}`,
  body,
  access: "instance",
}));

describeRouteSecurity("message kinds beyond text and media", routes);
