/**
 * The demo's story once both servers listen: the steps in order, each printed with the
 * ids it produced, ending with a message relayed each way and the read tick.
 */
import type { Runtime } from "../../app/runtime.js";
import type { DemoReport } from "./demo-report.js";
import {
  activate,
  createInstance,
  CUSTOMER,
  CUSTOMER_TEXT,
  relayInbound,
  relayOutbound,
  relayReceipt,
  type DemoInstance,
  type DemoPlaces,
} from "./demo-steps.js";
import { field } from "./demo-http.js";

export interface DemoOutcome {
  accountToken: string;
  instance: DemoInstance;
  conversationId: number;
}

export async function runDemoSteps(
  report: DemoReport,
  places: DemoPlaces,
  runtime: Runtime,
): Promise<DemoOutcome> {
  const account = await report.step(
    "creating an account",
    () => createAccount(runtime),
    (a) => [`account "Demo" created (id ${a.id}), as \`ponte account create\` would`],
  );
  const instance = await report.step(
    "creating a sandbox instance",
    () => createInstance(places, account.token, "demo"),
    (i) => [`sandbox instance "${i.name}" created (id ${i.id}) and connected as +${i.number}`],
  );
  const activation = await report.step(
    "activating the Chatwoot integration",
    async () => {
      const activated = await activate(places, instance);
      return { ...activated, signature: await signatureMode(runtime, activated.integrationId) };
    },
    (a) => [
      `Chatwoot integration active: integration ${a.integrationId}, inbox ${a.inboxId} "${a.inboxName}" in account ${places.account.id}`,
      `the inbox's webhook: ${places.ponte}/webhooks/chatwoot/${a.integrationId}/<secret>, ${a.signature}`,
    ],
  );
  const inbound = await report.step(
    "relaying the customer's message to Chatwoot",
    () => relayInbound(places, instance, activation),
    (m) => [
      `WhatsApp → Chatwoot ✔  +${CUSTOMER.number} (${CUSTOMER.name}) wrote "${CUSTOMER_TEXT}"`,
      `WhatsApp id ${m.waMessageId} → Chatwoot contact ${m.contactId}, conversation ${m.conversationId}, message ${m.chatwootMessageId} (source_id WAID:${m.waMessageId})`,
    ],
  );
  const outbound = await report.step(
    "relaying the agent's reply to WhatsApp",
    () => relayOutbound(places, instance, inbound),
    (m) => [
      `Chatwoot → WhatsApp ✔  ${places.account.admin.name} replied in conversation ${inbound.conversationId} (Chatwoot message ${m.chatwootMessageId})`,
      `sent to ${m.to} as WhatsApp message ${m.waMessageId}, signed and in WhatsApp's markup: ${JSON.stringify(m.text)}`,
      webhookLine(m.webhook),
    ],
  );
  await report.step(
    "relaying the read receipt",
    () => relayReceipt(places, instance, inbound, outbound),
    (status) => [
      `the customer read it: Chatwoot message ${outbound.chatwootMessageId} is now "${status}"`,
    ],
  );
  return { accountToken: account.token, instance, conversationId: inbound.conversationId };
}

async function createAccount(runtime: Runtime): Promise<{ id: string; token: string }> {
  if (runtime.api === undefined) throw new Error("the serve role runs no API");
  const created = await runtime.api.auth.createAccount("Demo", 10);
  return { id: created.id, token: created.token };
}

async function signatureMode(runtime: Runtime, integrationId: string): Promise<string> {
  const state = await runtime.bridge?.gateway.get(integrationId);
  const mode = state?.ok === true ? field(state.value, "signature_mode") : undefined;
  return mode === "hmac"
    ? "deliveries signed with the inbox's own secret (X-Chatwoot-Signature)"
    : "deliveries checked by the secret in the path alone (this Chatwoot does not sign)";
}

function webhookLine(webhook: { status: number | null; ms: number | null }): string {
  const answer =
    webhook.status === null
      ? "Chatwoot's webhook delivery is still open"
      : `Chatwoot's webhook delivery was answered ${webhook.status}${webhook.ms === null ? "" : ` ${webhook.ms} ms after Chatwoot queued it`}`;
  return `${answer}; the send itself ran afterwards, from the gateway's durable queue`;
}
