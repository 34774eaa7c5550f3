/**
 * Set-up the activation tests share: the public-API calls (set, list, delete) they make
 * for an instance against a `serve` gateway, and what they read back from Chatwoot.
 */
import { type Body } from "../events/support/helpers.js";
import { inboxMessages, type Gateway, type sandboxInstance } from "./support/gateway-harness.js";

export type Instance = Awaited<ReturnType<typeof sandboxInstance>>;

/**
 * The calls, for the gateway `current` returns: it is asked on every call, so the
 * helpers can be made while a test file is collected, before its beforeAll starts the
 * gateway.
 */
export function activationApi(current: () => Gateway) {
  const set = (inst: Instance, body: Record<string, unknown>) =>
    current().server.request<Body>("POST", `/api/chatwoot/set/${inst.name}`, {
      token: inst.token,
      body,
    });
  const list = (inst: Instance) =>
    current().server.request<Body>("GET", `/api/chatwoot/list/${inst.name}`, {
      token: inst.token,
    });
  const remove = (inst: Instance) =>
    current().server.request<Body>("DELETE", `/api/chatwoot/delete/${inst.name}`, {
      token: inst.token,
    });
  const inboxes = () => current().chatwoot.control.inboxes() as Body[];
  const messagesIn = (inboxId: number): Body[] => inboxMessages(current(), inboxId);
  const inboxById = (id: number) => inboxes().find((i) => i.id === id);
  const webhookPattern = (integrationId: string) =>
    new RegExp(`^${current().server.url}/webhooks/chatwoot/${integrationId}/[A-Za-z0-9_-]{20,}$`);
  return { set, list, remove, inboxes, messagesIn, inboxById, webhookPattern };
}
