import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AttachmentInput, ControlDeps, EmulatorControl } from "../control.js";
import type { FaultRule } from "../faults.js";
import { isRecord } from "../http/params.js";
import type { ConversationStatus, Role } from "../types.js";
import type { DeliveryTarget, WebhookDelivery } from "../webhooks/dispatcher.js";

type Body = Record<string, unknown>;

const body = (req: FastifyRequest): Body => (isRecord(req.body) ? req.body : {});
const query = (req: FastifyRequest): Body => (isRecord(req.query) ? req.query : {});
const pathParam = (req: FastifyRequest, key: string): number =>
  Number(isRecord(req.params) ? req.params[key] : NaN);
const optNumber = (v: unknown): number | undefined =>
  v === undefined || v === null || v === "" ? undefined : Number(v);
const optString = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Attachments over HTTP: `{fileName, contentType, dataBase64}`. */
function attachments(value: unknown): AttachmentInput[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((a) => ({
    fileName: optString(a.fileName) ?? "file",
    contentType: optString(a.contentType) ?? "application/octet-stream",
    data: Buffer.from(optString(a.dataBase64) ?? "", "base64"),
  }));
}

function conversationRef(req: FastifyRequest) {
  return {
    accountId: optNumber(body(req).accountId ?? query(req).accountId),
    conversationId: pathParam(req, "id"),
  };
}

/** The control API over HTTP (for the demo and for clients in other processes). */
export function registerControlRoutes(
  app: FastifyInstance,
  control: EmulatorControl,
  deps: ControlDeps,
): void {
  const P = "/_emulator";
  const q = (req: FastifyRequest) => optNumber(query(req).accountId);
  app.get(P, () => ({
    accounts: control.accounts(),
    callCounts: control.callCounts(),
    faults: control.faults(),
  }));
  app.get(`${P}/accounts`, () => control.accounts());
  app.post(`${P}/accounts`, (req) => control.createAccount(optString(body(req).name)));
  app.post(`${P}/users`, (req) => {
    const b = body(req);
    const role = b.role === "administrator" ? ("administrator" as Role) : ("agent" as Role);
    return control.createUser({
      accountId: optNumber(b.accountId),
      role,
      name: optString(b.name),
      email: optString(b.email),
    });
  });
  app.post(`${P}/inboxes`, (req) => {
    const b = body(req);
    return control.createInbox({
      accountId: optNumber(b.accountId),
      name: optString(b.name),
      webhookUrl: optString(b.webhookUrl),
      channelType: b.channelType === "web_widget" ? "web_widget" : "api",
      lockToSingleConversation: b.lockToSingleConversation === true,
      additionalAttributes: isRecord(b.additionalAttributes) ? b.additionalAttributes : undefined,
    });
  });
  app.post(`${P}/inboxes/:id/members`, (req) => {
    control.addInboxMember(pathParam(req, "id"), Number(body(req).userId));
    return { ok: true };
  });
  app.post(`${P}/inboxes/:id/agent_bot`, (req) => {
    control.setAgentBot(pathParam(req, "id"), optNumber(body(req).botId) ?? null);
    return { ok: true };
  });
  app.post(`${P}/webhooks`, (req) => {
    const b = body(req);
    const subscriptions = Array.isArray(b.subscriptions) ? b.subscriptions.map(String) : undefined;
    return control.createAccountWebhook({
      accountId: optNumber(b.accountId),
      url: String(b.url),
      subscriptions,
    });
  });
  app.get(`${P}/inboxes`, (req) => control.inboxes(q(req)));
  app.get(`${P}/contacts`, (req) => control.contacts(q(req)));
  app.get(`${P}/conversations`, (req) => control.conversations(q(req)));
  app.get(`${P}/conversations/:id`, (req) => control.conversation(conversationRef(req)));
  app.get(`${P}/conversations/:id/messages`, (req) => control.messages(conversationRef(req)));
  registerActionRoutes(app, control);
  registerObservationRoutes(app, control, deps);
}

function registerActionRoutes(app: FastifyInstance, control: EmulatorControl): void {
  const P = "/_emulator/conversations/:id";
  const replyInput = (req: FastifyRequest) => {
    const b = body(req);
    return {
      ...conversationRef(req),
      content: optString(b.content),
      attachments: attachments(b.attachments),
      userId: optNumber(b.userId),
      contentAttributes: isRecord(b.contentAttributes) ? b.contentAttributes : undefined,
    };
  };
  app.post(`${P}/reply`, (req) => control.reply(replyInput(req)));
  app.post(`${P}/private_note`, (req) => control.privateNote(replyInput(req)));
  app.post(`${P}/incoming`, (req) => {
    const b = body(req);
    return control.incoming({
      ...conversationRef(req),
      content: optString(b.content),
      attachments: attachments(b.attachments),
      sourceId: optString(b.sourceId),
    });
  });
  app.post(`${P}/status`, (req) => {
    const b = body(req);
    return control.setStatus({
      ...conversationRef(req),
      status: String(b.status) as ConversationStatus,
      userId: optNumber(b.userId),
    });
  });
  app.post(`${P}/assign`, (req) => {
    const b = body(req);
    return control.assign({
      ...conversationRef(req),
      userId: optNumber(b.userId) ?? null,
      byUserId: optNumber(b.byUserId),
    });
  });
  app.delete(`${P}/messages/:messageId`, (req) =>
    control.deleteMessage({ ...conversationRef(req), messageId: pathParam(req, "messageId") }),
  );
}

function registerObservationRoutes(
  app: FastifyInstance,
  control: EmulatorControl,
  deps: ControlDeps,
): void {
  const P = "/_emulator";
  app.get(`${P}/deliveries`, (req) => {
    const qs = query(req);
    return control.deliveries({
      event: optString(qs.event),
      target: optString(qs.target) as DeliveryTarget | undefined,
      inboxId: optNumber(qs.inboxId),
      state: optString(qs.state) as WebhookDelivery["state"] | undefined,
    });
  });
  app.delete(`${P}/deliveries`, () => {
    control.clearDeliveries();
    return { ok: true };
  });
  app.post(`${P}/deliveries/wait`, async () => {
    await control.waitForDeliveries();
    return { ok: true };
  });
  app.get(`${P}/messages/times`, () => control.messageTimes());
  app.get(`${P}/calls`, () => control.calls());
  app.get(`${P}/calls/counts`, () => control.callCounts());
  app.delete(`${P}/calls`, () => {
    control.resetCalls();
    return { ok: true };
  });
  app.get(`${P}/faults`, () => control.faults());
  app.post(`${P}/faults`, (req) => control.addFault(body(req) as unknown as FaultRule));
  app.delete(`${P}/faults`, () => {
    control.clearFaults();
    return { ok: true };
  });
  app.delete(`${P}/faults/:id`, (req) => ({
    removed: control.removeFault(String((req.params as Body).id)),
  }));
  app.put(`${P}/rate_limit`, (req) => control.setRateLimit(body(req)));
  app.put(`${P}/signing`, (req) => {
    deps.setSigning(body(req).enabled !== false);
    return { enabled: body(req).enabled !== false };
  });
}
