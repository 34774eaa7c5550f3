import { describeRouteSecurity, type RouteCase } from "../support/security-suite.js";

const routes: RouteCase[] = [
  {
    method: "POST",
    path: (i) => `/api/events/webhook/${i}`,
    body: { url: "https://hooks.example/in" },
    access: "instance",
  },
  { method: "GET", path: (i) => `/api/events/getWebhook/${i}`, access: "instance" },
  { method: "GET", path: (i) => `/api/events/webhook/${i}`, access: "instance" },
  { method: "GET", path: (i) => `/api/events/getDeadLetters/${i}`, access: "instance" },
  {
    method: "POST",
    path: (i) => `/api/events/replayDeadLetters/${i}`,
    body: {},
    access: "instance",
  },
  {
    method: "POST",
    path: (i) => `/api/events/websocket/${i}`,
    body: { enabled: true },
    access: "instance",
  },
  { method: "GET", path: (i) => `/api/events/getWebsocket/${i}`, access: "instance" },
  { method: "GET", path: (i) => `/ws/${i}`, access: "instance" },
  {
    method: "POST",
    path: (i) => `/api/message/text/${i}`,
    body: { number: "5511900000000", message: "hi" },
    access: "instance",
  },
  {
    method: "POST",
    path: (i) => `/api/message/media/${i}`,
    body: { number: "5511900000000", mediaType: "document", mediaBase64: "JVBERi0=" },
    access: "instance",
  },
  {
    method: "POST",
    path: (i) => `/api/message/reaction/${i}`,
    body: { number: "5511900000000", messageId: "X", reaction: "👍" },
    access: "instance",
  },
  {
    method: "DELETE",
    path: (i) => `/api/chat/delete/${i}`,
    body: { messageId: "X" },
    access: "instance",
  },
  {
    method: "POST",
    path: (i) => `/api/chat/markRead/${i}`,
    body: { messageId: "X" },
    access: "instance",
  },
  {
    method: "POST",
    path: (i) => `/api/chat/markChatRead/${i}`,
    body: { number: "5511900000000" },
    access: "instance",
  },
  { method: "GET", path: (i) => `/api/chat/getMessage/${i}?messageId=X`, access: "instance" },
  { method: "GET", path: (i) => `/api/chat/status/${i}?messageId=X`, access: "instance" },
  { method: "GET", path: (i) => `/api/chat/base64/${i}?messageId=X`, access: "instance" },
  {
    method: "POST",
    path: (i) => `/api/sandbox/inbound/${i}`,
    body: { from: "5511900000000", text: "hi" },
    access: "instance",
  },
  { method: "GET", path: (i) => `/api/sandbox/outbox/${i}`, access: "instance" },
  {
    method: "POST",
    path: (i) => `/api/sandbox/receipt/${i}`,
    body: { messageId: "X", status: "read" },
    access: "instance",
  },
  { method: "POST", path: (i) => `/api/sandbox/faults/${i}`, body: {}, access: "instance" },
];

describeRouteSecurity("events, messages, chat and sandbox routes", routes);
