/**
 * What the OpenAPI document says beyond the route schemas: tags per module, who may
 * call each route, the literal error messages a client can meet (spec/ryzeapi.md), and
 * request examples. Kept in one table so that the route files stay about behaviour.
 */
import { GROUP_ROUTE_ERRORS } from "./openapi-group-notes.js";
export const TAGS = [
  {
    name: "instance",
    description:
      "Instances: create, list, connect, reconnect, logout, delete, rotate tokens (spec 4).",
  },
  {
    name: "instance settings",
    description: "An instance's settings, proxy and S3 blocks (spec 4.7–4.9).",
  },
  { name: "account", description: "The account behind a TokenAccount (an extension)." },
  {
    name: "events",
    description:
      "Webhooks, dead letters and the WebSocket configuration (spec 5). Events share one envelope: see the `EventEnvelope` schema.",
  },
  {
    name: "websocket",
    description:
      "The event streams: `GET /ws/{instance}` and, for the integration gateway, `GET /ws/chatwoot/{instance}`.",
  },
  { name: "message", description: "Sending messages (spec 6)." },
  {
    name: "profile",
    description: "The WhatsApp account's own profile and privacy (ryzeapi-more.md).",
  },
  { name: "chat", description: "Reading, deleting and marking messages (spec 6.3)." },
  { name: "sandbox", description: "The simulated phone of sandbox instances (docs/sandbox.md)." },
  {
    name: "chatwoot",
    description: "The Chatwoot module, through the integration gateway (spec 7).",
  },
  {
    name: "manager",
    description: "What the web manager at /manager asks of the API (docs/manager.md).",
  },
  {
    name: "group",
    description: "Groups: create, read, update, members, invite links (ryzeapi-more.md 3).",
  },
  { name: "community", description: "Communities and their subgroups (ryzeapi-more.md 4)." },
  {
    name: "newsletter",
    description: "Channels: create, read, follow, unfollow (ryzeapi-more.md 5).",
  },
  { name: "health", description: "Liveness and dependencies; no token, no rate limit." },
];

export type Auth = "none" | "account" | "instance" | "either" | "service";

export const AUTH_TEXT: Record<Auth, string> = {
  none: "No token; not rate limited.",
  account: "TokenAccount only (a TokenInstance gets 401 `Invalid token`).",
  instance: "TokenAccount of the owning account, or the instance's own TokenInstance.",
  either: "TokenAccount or TokenInstance.",
  service: "The integration gateway's service token (BRIDGE_TOKEN) only.",
};

/** Who may call a route, from its method and path (spec 1.3). */
export function authOf(method: string, url: string): Auth {
  if (url === "/health" || url.startsWith("/docs")) return "none";
  if (url.startsWith("/ws/chatwoot/")) return "service";
  if (url === "/api/instance/new" || url === "/api/account/rotateToken") return "account";
  if (method === "DELETE" && url.startsWith("/api/instance/delete/")) return "account";
  if (url === "/api/instance/list" || url === "/api/manager/session") return "either";
  return "instance";
}

export const RATE_LIMITED = "Rate limit exceeded. Try again later.";
export const INVALID_BODY = "Invalid request body: <field>: <problem>";

/** Literal messages of specific routes, by `METHOD url` (Fastify's `:param` form). */
export const ROUTE_ERRORS: Record<string, Record<number, string[]>> = {
  ...GROUP_ROUTE_ERRORS,
  "POST /api/instance/new": {
    403: ["Account instance quota exceeded"],
    409: ["Instance name already exists", "Instance token already in use"],
  },
  "GET /api/instance/list": { 404: ["Instance not found"], 500: ["Failed to get instance"] },
  "POST /api/instance/reconnect/:instance": {
    400: ["Instance has no saved session — call /connect first"],
    500: ["Failed to reconnect: <reason>"],
  },
  "DELETE /api/instance/logout/:instance": { 500: ["Failed to logout instance"] },
  "DELETE /api/instance/delete/:instance": { 500: ["Failed to delete instance: <reason>"] },
  "GET /api/instance/getSettings/:instance": { 500: ["Failed to get settings configuration"] },
  "POST /api/instance/settings/:instance": {
    400: ["At least one setting must be provided"],
    500: ["Failed to update settings configuration"],
  },
  "GET /api/instance/getProxy/:instance": { 500: ["Failed to get proxy configuration"] },
  "POST /api/instance/proxy/:instance": {
    400: ["proxy host refused: <address> is a <range>; set OUTBOUND_ALLOW to allow it"],
  },
  "GET /api/instance/getS3/:instance": { 500: ["Failed to get S3 configuration"] },
  "POST /api/instance/s3/:instance": {
    400: ["s3 endpoint refused: <address> is a <range>; set OUTBOUND_ALLOW to allow it"],
    500: ["Failed to update S3 configuration"],
  },
  "POST /api/events/webhook/:instance": {
    400: [
      "url is required when the webhook is enabled",
      "url refused: <address> is a <range>; set OUTBOUND_ALLOW to allow it",
    ],
    409: [
      "Maximum of 3 enabled webhooks per instance reached",
      "A webhook with this URL already exists for this instance",
    ],
  },
  "GET /api/events/getWebsocket/:instance": {
    404: ["WebSocket not configured for this instance"],
    500: ["Failed to get websocket configuration"],
  },
  "POST /api/message/media/:instance": {
    400: [
      "mediaUrl refused: <address> is a <range>; set OUTBOUND_ALLOW to allow it",
      "Failed to download media: <reason>",
      "Send either mediaUrl or mediaBase64, not both",
    ],
  },
  "POST /api/message/reaction/:instance": { 400: ["missing_participant"] },
  "DELETE /api/chat/delete/:instance": {
    400: ["MessageID is required"],
    404: ["message not found"],
  },
  "GET /api/chat/getMessage/:instance": {
    400: ["Message ID is required (use ?messageId=<message-id>)"],
    404: ["Message not found"],
  },
  "GET /api/chat/base64/:instance": {
    400: ["messageId query parameter is required"],
    404: ["Message not found or no media available"],
  },
  "GET /api/chat/status/:instance": {
    400: ["messageId query parameter is required"],
    404: ["Message not found", "Message does not belong to this instance"],
  },
};

const CHATWOOT_ERRORS: Record<number, string[]> = {
  400: [
    "invalid body: <detail>",
    "Chatwoot account or endpoint not found — verify chatwootBaseUrl (<url>) and chatwootAccountId (<id>). Detail: <detail>",
  ],
  404: [
    "instance not found",
    "no chatwoot integration for this instance",
    "no chatwoot integration to delete",
  ],
  503: ["integration gateway not configured"],
};

/** Errors every route of a kind can answer, beside its own. */
export function commonErrors(method: string, url: string): Record<number, string[]> {
  const auth = authOf(method, url);
  if (auth === "none") return {};
  const errors: Record<number, string[]> = {
    401: ["Invalid token", "Missing token in header, Authorization header, or query parameter"],
    429: [RATE_LIMITED],
    500: ["Internal server error (request <id>)"],
  };
  if (method !== "GET" && method !== "DELETE") errors[400] = ["Invalid request body", INVALID_BODY];
  if (auth === "instance") {
    errors[403] = [
      "Instance token does not match this instance",
      "Origin not allowed for this account",
    ];
    errors[404] = ["Instance not found"];
  }
  if (url.startsWith("/api/message/") || url.startsWith("/api/chat/"))
    errors[503] = ["Instance is not connected to WhatsApp"];
  if (url.startsWith("/api/chatwoot/")) Object.assign(errors, CHATWOOT_ERRORS);
  return errors;
}

/** Request bodies as a client sends them, by `METHOD url`. */
export const EXAMPLES: Record<string, unknown> = {
  "POST /api/instance/new": {
    name: "support",
    provider: "sandbox",
    webhookURL: "https://hooks.example.com/whatsapp",
    webhookEvents: ["message.exchange", "instance.state"],
  },
  "POST /api/instance/settings/:instance": { autoReadMessages: true, ignoreGroupMessages: false },
  "POST /api/instance/proxy/:instance": {
    enabled: true,
    host: "proxy.example.com",
    port: "1080",
    protocol: "socks5",
    username: "user",
    password: "secret",
  },
  "POST /api/instance/s3/:instance": {
    enabled: true,
    region: "us-east-1",
    bucket: "media",
    accessKey: "AKIA…",
    secretKey: "…",
    endpoint: "",
    pathPrefix: "whatsapp/",
  },
  "POST /api/events/webhook/:instance": {
    label: "default",
    url: "https://hooks.example.com/whatsapp",
    authorization: "Bearer svc-token-xyz",
    events: ["message.exchange"],
    byEvents: false,
    mediaBase64: false,
  },
  "POST /api/events/websocket/:instance": {
    enabled: true,
    events: ["message.exchange", "message.status"],
    mediaBase64: false,
  },
  "POST /api/message/text/:instance": {
    number: "5511999999999",
    message: "Hello from ponte",
    delay: 2,
    source: "crm",
  },
  "POST /api/message/media/:instance": {
    number: "5511999999999",
    mediaType: "image",
    mediaUrl: "https://cdn.example.com/photo.jpg",
    message: "A caption",
  },
  "POST /api/message/reaction/:instance": {
    number: "5511999999999",
    messageId: "3EB08FCF27E532F1B0F5",
    reaction: "👍",
  },
  "DELETE /api/chat/delete/:instance": {
    messageId: "3EB08FCF27E532F1B0F5",
    deleteForEveryone: true,
  },
  "POST /api/chat/markRead/:instance": { messageId: ["3EB08FCF27E532F1B0F5"] },
  "POST /api/chat/markChatRead/:instance": { number: "5511999999999" },
  "POST /api/chatwoot/set/:instance": {
    chatwootBaseUrl: "https://chatwoot.example.com",
    chatwootAccountId: 5,
    chatwootApiToken: "sk_live_abc123",
    inboxName: "WhatsApp - Support",
    signMessages: true,
    ignoreGroups: false,
    startAsPending: false,
    reopenResolved: true,
  },
  "POST /api/sandbox/inbound/:instance": { from: "5511955554444", text: "Hi!" },
};

/** Summaries of routes whose schema has none. */
export const SUMMARIES: Record<string, string> = {
  "GET /api/instance/getSettings/:instance": "Read the instance's seven settings",
  "POST /api/instance/settings/:instance": "Update some of the instance's settings (partial body)",
  "GET /api/instance/getProxy/:instance": "Read the instance's own proxy (never its password)",
  "POST /api/instance/proxy/:instance":
    "Set or disable the instance's proxy (applies on the next connect)",
  "GET /api/instance/getS3/:instance":
    "Read the instance's S3 configuration (`secretKey` is always null)",
  "POST /api/instance/s3/:instance": "Set or clear the instance's S3 configuration",
};

/** What a caller should know beyond the summary, by `METHOD url`. */
export const NOTES: Record<string, string> = {
  "POST /api/instance/new":
    "Rate limit: its own bucket (RATE_LIMIT_INSTANCE_CREATE, 20/min). A failed inline block (webhook, websocket, chatwoot) never aborts creation: it is reported in its block. The TokenInstance comes back as `instance.token` and `data.token`; a custom `token` must be 32–256 URL-safe characters with 8 different ones.",
  "GET /api/instance/list":
    "`?instanceName=a,b` filters (TokenAccount; a TokenInstance always sees its own instance). Without `limit`/`offset` the list is whole; with them it is a page, oldest first, with `pagination: {limit, offset, total}`.",
  "GET /api/instance/connect/:instance":
    "Blocks until a QR code, a pairing code (`?number=`) or the connection arrives (WHATSAPP_CONNECT_TIMEOUT_MS, 60 s).",
  "POST /api/message/media/:instance":
    "`mediaUrl` is fetched by the server through the outbound guard: internal addresses are refused unless OUTBOUND_ALLOW lists them; redirects are followed by hand (at most 5), each checked.",
  "POST /api/events/webhook/:instance":
    "The target must be public or allowlisted (OUTBOUND_ALLOW), and carries no `user:password@` (put credentials in `authorization`). Deliveries retry with backoff and end in the dead-letter list.",
};
