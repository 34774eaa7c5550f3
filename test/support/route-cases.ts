/**
 * What the security suite needs to know about each route the API registers, keyed as
 * Fastify reports it (`METHOD /url/:param`). The suite enumerates the routes the server
 * actually registers and fails for any that is neither here nor public by design: a new
 * route cannot escape it. HEAD twins of GET routes are covered by their GET.
 */

/**
 * Who may call the route:
 * - `instance`: names an instance; its own token or its account's token;
 * - `account`: names an instance; its account's token only;
 * - `create`: names no instance, creates one in the caller's account (its own bucket);
 * - `caller`: names no instance, answers about the caller (its account, or itself);
 * - `pathless`: the instance segment is missing, a 400 once the caller is known;
 * - `service`: the integration gateway's BRIDGE_TOKEN only, naming instances by id.
 */
export type Access = "instance" | "account" | "create" | "caller" | "pathless" | "service";

export interface RouteCase {
  access: Access;
  body?: unknown;
  /** Appended to the path, e.g. `?messageId=X`. */
  query?: string;
  /** The 404 text when another account's token names the instance. */
  notFound?: string;
}

const NUMBER = "5511900000000";
const CHATWOOT_BODY = {
  chatwootBaseUrl: "https://chatwoot.example.com/",
  chatwootAccountId: 5,
  chatwootApiToken: "chatwoot-token-for-the-security-suite",
  inboxName: "WhatsApp - security",
};

/** The message kinds beyond text and media: one route each, a valid body each. */
function messageKinds(): Record<string, RouteCase> {
  const number = NUMBER;
  const buttons = { number, contentText: "x", buttons: [{ id: "1" }] };
  const bodies: Record<string, unknown> = {
    sticker: { number, imageUrl: "data:image/png;base64,iVBORw0KGgo=" },
    location: { number, latitude: 1, longitude: 2 },
    contact: { number, vcard: { fullName: "A", phone: number } },
    poll: { number, question: "q", options: ["a", "b"] },
    button: buttons,
    buttons,
    list: {
      number,
      contentText: "x",
      buttonText: "b",
      sections: [{ rows: [{ id: "1", title: "t" }] }],
    },
    carousel: { number, cards: [{ header: { title: "t" }, body: { text: "b" } }] },
    form: { number, formType: "contact_details" },
    pix: { number, merchantName: "m", pixKey: "k", pixKeyType: "CPF" },
    status: { type: "text", message: "hi" },
  };
  return Object.fromEntries(
    Object.entries(bodies).map(([kind, body]) => [
      `POST /api/message/${kind}/:instance`,
      { access: "instance", body },
    ]),
  );
}

/** Contacts, labels and chat actions: `[method, route, query, body]`. */
function chatManagement(): Record<string, RouteCase> {
  const number = NUMBER;
  const routes: [string, string, string | undefined, unknown][] = [
    ["GET", "contacts", undefined, undefined],
    ["GET", "contactsByLabel", undefined, undefined],
    ["GET", "tag", undefined, undefined],
    ["POST", "tag", undefined, { name: "VIP" }],
    ["DELETE", "tag", "?tagId=1", undefined],
    ["POST", "assignTag", undefined, { number, tagId: "1" }],
    ["DELETE", "assignTag", `?number=${number}&tagId=1`, undefined],
    ["POST", "archive", undefined, { number, archive: true }],
    ["POST", "pin", undefined, { number, pin: true }],
    ["POST", "favorite", undefined, { number, favorite: true }],
    ["POST", "mute", undefined, { number, mute: true }],
    ["POST", "block", undefined, { number, block: true }],
    ["POST", "presence", undefined, { number, state: "typing" }],
    ["POST", "history", undefined, { number }],
    ["GET", "poll", "?messageId=X", undefined],
    ["POST", "forward", undefined, { messageId: "X", to: number }],
    ["POST", "edit", undefined, { messageId: "X", content: "y" }],
    ["DELETE", "deleteChat", undefined, { number }],
  ];
  return Object.fromEntries(
    routes.map(([method, route, query, body]) => [
      `${method} /api/chat/${route}/:instance`,
      {
        access: "instance",
        ...(query !== undefined ? { query } : {}),
        ...(body !== undefined ? { body } : {}),
      },
    ]),
  );
}

/** The group, community and newsletter routes: `[method, path, query, body]`. */
function groupsAndChannels(): Record<string, RouteCase> {
  const identifier = "120363406289005073@g.us";
  const link = { communityJid: "120363406289005070@g.us", groupJid: [identifier] };
  const routes: [string, string, string | undefined, unknown][] = [
    ["POST", "group/create", undefined, { name: "Team", participants: [NUMBER] }],
    ["GET", "group/list", undefined, undefined],
    ["GET", "group/info", `?identifier=${identifier}`, undefined],
    ["PUT", "group/update", undefined, { identifier, name: "Team 2" }],
    [
      "POST",
      "group/participants",
      undefined,
      { action: "add", identifier, participants: [NUMBER] },
    ],
    ["POST", "group/join", undefined, { identifier: "ABC123XYZ" }],
    ["POST", "group/resetLink", undefined, { identifier }],
    ["GET", "group/requests", `?identifier=${identifier}`, undefined],
    ["DELETE", "group/leave", `?identifier=${identifier}`, undefined],
    ["POST", "community/create", undefined, { name: "Neighbours" }],
    ["POST", "community/link", undefined, link],
    ["POST", "community/unlink", undefined, link],
    ["GET", "community/listSubGroups", `?communityJid=${link.communityJid}`, undefined],
    ["POST", "newsletter/create", undefined, { name: "News" }],
    ["GET", "newsletter/list", undefined, undefined],
    ["GET", "newsletter/info", "?identifier=120363422585881117", undefined],
    ["POST", "newsletter/join", undefined, { identifier: "120363422585881117" }],
    ["DELETE", "newsletter/leave", "?identifier=120363422585881117", undefined],
  ];
  return Object.fromEntries(
    routes.map(([method, route, query, body]) => [
      `${method} /api/${route}/:instance`,
      {
        access: "instance",
        ...(query !== undefined ? { query } : {}),
        ...(body !== undefined ? { body } : {}),
      },
    ]),
  );
}

export const ROUTE_CASES: Record<string, RouteCase> = {
  // Instances
  "POST /api/instance/new": { access: "create", body: { name: "new-one", provider: "sandbox" } },
  "GET /api/instance/list": { access: "caller" },
  "GET /api/instance/connect/:instance": { access: "instance" },
  "POST /api/instance/reconnect/:instance": { access: "instance" },
  "DELETE /api/instance/logout/:instance": { access: "instance" },
  "DELETE /api/instance/delete/:instance": { access: "account" },
  "GET /api/instance/getSettings/:instance": { access: "instance" },
  "POST /api/instance/settings/:instance": {
    access: "instance",
    body: { keepOnlineStatus: true },
  },
  "GET /api/instance/getProxy/:instance": { access: "instance" },
  "POST /api/instance/proxy/:instance": { access: "instance", body: { enabled: false } },
  "GET /api/instance/getS3/:instance": { access: "instance" },
  "POST /api/instance/s3/:instance": { access: "instance", body: { enabled: false } },
  // Events
  "POST /api/events/webhook/:instance": {
    access: "instance",
    body: { url: "https://hooks.example/in" },
  },
  "GET /api/events/getWebhook/:instance": { access: "instance" },
  "GET /api/events/webhook/:instance": { access: "instance" },
  "GET /api/events/getDeadLetters/:instance": { access: "instance" },
  "POST /api/events/replayDeadLetters/:instance": { access: "instance", body: {} },
  "POST /api/events/websocket/:instance": { access: "instance", body: { enabled: true } },
  "GET /api/events/getWebsocket/:instance": { access: "instance" },
  "POST /api/events/testWebhook/:instance": { access: "instance", body: {} },
  "GET /ws/:instance": { access: "instance" },
  "GET /ws/chatwoot/:instance": { access: "service" },
  // The manager page's calls
  "GET /api/manager/session": { access: "caller" },
  "GET /ws/manager/:instance": { access: "instance" },
  // Messages and chats
  "POST /api/message/text/:instance": {
    access: "instance",
    body: { number: NUMBER, message: "hi" },
  },
  "POST /api/message/media/:instance": {
    access: "instance",
    body: { number: NUMBER, mediaType: "document", mediaBase64: "JVBERi0=" },
  },
  "POST /api/message/reaction/:instance": {
    access: "instance",
    body: { number: NUMBER, messageId: "X", reaction: "👍" },
  },
  ...messageKinds(),
  "DELETE /api/chat/delete/:instance": { access: "instance", body: { messageId: "X" } },
  "POST /api/chat/markRead/:instance": { access: "instance", body: { messageId: "X" } },
  "POST /api/chat/markChatRead/:instance": { access: "instance", body: { number: NUMBER } },
  "GET /api/chat/getMessage/:instance": { access: "instance", query: "?messageId=X" },
  "GET /api/chat/status/:instance": { access: "instance", query: "?messageId=X" },
  "GET /api/chat/base64/:instance": { access: "instance", query: "?messageId=X" },
  "GET /api/chat/status": { access: "pathless", query: "?messageId=X" },
  "GET /api/chat/base64": { access: "pathless", query: "?messageId=X" },
  ...chatManagement(),
  // Profile
  "GET /api/profile/getAccount/:instance": { access: "instance" },
  "POST /api/profile/account/:instance": { access: "instance", body: { profileName: "x" } },
  "GET /api/profile/getPrivacy/:instance": { access: "instance" },
  "GET /api/profile/privacy/:instance": { access: "instance" },
  "POST /api/profile/privacy/:instance": {
    access: "instance",
    body: { privacy: { readReceipts: "all" } },
  },
  // Groups, communities and channels
  ...groupsAndChannels(),
  // The sandbox phone
  "POST /api/sandbox/inbound/:instance": {
    access: "instance",
    body: { from: NUMBER, text: "hi" },
  },
  "GET /api/sandbox/outbox/:instance": { access: "instance" },
  "POST /api/sandbox/receipt/:instance": {
    access: "instance",
    body: { messageId: "X", status: "read" },
  },
  "POST /api/sandbox/faults/:instance": { access: "instance", body: {} },
  "POST /api/sandbox/groups/:instance": {
    access: "instance",
    body: { kind: "newsletter", name: "News" },
  },
  "POST /api/sandbox/contacts/:instance": {
    access: "instance",
    body: { contacts: [{ number: NUMBER }] },
  },
  // Chatwoot
  "POST /api/chatwoot/set/:instance": {
    access: "instance",
    body: CHATWOOT_BODY,
    notFound: "instance not found",
  },
  "GET /api/chatwoot/list/:instance": { access: "instance", notFound: "instance not found" },
  "DELETE /api/chatwoot/delete/:instance": { access: "instance", notFound: "instance not found" },
  "DELETE /api/chatwoot/unlink/:instance": { access: "instance", notFound: "instance not found" },
  "GET /api/chatwoot/jobs/:instance": { access: "instance", notFound: "instance not found" },
  "POST /api/chatwoot/jobs/retry/:instance": {
    access: "instance",
    body: { id: 1 },
    notFound: "instance not found",
  },
};

/**
 * Routes that take no API token by design, and why. Whatever guard they have of their
 * own is tested where they live.
 */
/**
 * Routes whose success ends the caller's token, so the suite's rate-limit case (many
 * successful calls with one token) cannot run on them: their token rules are tested
 * where the rotation itself is (test/api/token-rotation.test.ts).
 */
export const ROTATING_ROUTES: Record<string, string> = {
  "POST /api/account/rotateToken": "rotates the TokenAccount; test/api/token-rotation.test.ts",
  "POST /api/instance/rotateToken/:instance":
    "rotates the TokenInstance; test/api/token-rotation.test.ts",
};

export const PUBLIC_ROUTES: Record<string, string> = {
  "OPTIONS *": "CORS preflights carry no token; the CORS layer answers them",
  "GET /health": "monitors call it without credentials; it never reads tokens",
  "GET /docs": "the API's documentation page",
  "GET /docs/json": "the OpenAPI document",
  "GET /docs/yaml": "the OpenAPI document",
  "GET /docs/static/*": "the documentation page's assets",
  "GET /docs/static/index.html": "the documentation page's assets",
  "GET /docs/static/swagger-initializer.js": "the documentation page's assets",
  "GET /manager": "the manager page; every call it makes carries the user's token",
  "GET /manager/*": "the manager page's assets",
  "GET /metrics": "guarded by METRICS_TOKEN, never by API tokens (test/manager/metrics.test.ts)",
};
