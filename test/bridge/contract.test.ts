/**
 * The gateway contract suite (test/support/gateway-contract-suite.ts) against the fake
 * gateway the API's tests rely on and against the real gateway's HTTP routes in `serve`,
 * with the Chatwoot emulator behind it producing each kind of Chatwoot failure.
 */
import fs from "node:fs";
import path from "node:path";
import {
  CHATWOOT_FAILURE_KINDS,
  CHATWOOT_FAILURE_STATUS,
  type ActivateRequest,
  type ChatwootFailureKind,
} from "../../src/contracts/bridge.js";
import { ACTIVATE, startFakeBridge } from "../support/fake-bridge.js";
import { describeGatewayContract } from "../support/gateway-contract-suite.js";
import { closedPort, startGateway } from "./support/gateway-harness.js";

let counter = 0;

function flagsOff() {
  return { signMessages: false, ignoreGroups: false, startAsPending: false, reopenResolved: false };
}

describeGatewayContract("the fake gateway", {
  failureKinds: CHATWOOT_FAILURE_KINDS,
  start: async () => {
    const fake = await startFakeBridge();
    const request = (): ActivateRequest => {
      counter += 1;
      return {
        instanceId: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
        instanceName: `contract-${counter}`,
        chatwootBaseUrl: "https://chatwoot.example.com",
        chatwootAccountId: 5,
        chatwootApiToken: "cw-token",
        inboxName: `Inbox ${counter}`,
        ...flagsOff(),
      };
    };
    return {
      url: fake.url,
      token: fake.token,
      activateRequest: () => Promise.resolve(request()),
      chatwootFailure: (kind: ChatwootFailureKind) => {
        fake.answer("POST", ACTIVATE, {
          status: CHATWOOT_FAILURE_STATUS[kind],
          json: { kind, detail: `Chatwoot says ${kind}` },
        });
        return Promise.resolve(request());
      },
      close: () => fake.close(),
    };
  },
});

describeGatewayContract("the real gateway (serve) with the Chatwoot emulator", {
  failureKinds: CHATWOOT_FAILURE_KINDS,
  start: async () => {
    const gateway = await startGateway();
    const { server, chatwoot } = gateway;
    // `serve` generates BRIDGE_TOKEN into its data folder on first start.
    const token = fs.readFileSync(path.join(server.dataDir, "bridge.token"), "utf8").trim();
    const account = chatwoot.accounts[0]!;
    const request = async (): Promise<ActivateRequest> => {
      const instance = await server.createInstance(gateway.accountToken, { provider: "sandbox" });
      return {
        instanceId: instance.id,
        instanceName: instance.name,
        chatwootBaseUrl: chatwoot.url,
        chatwootAccountId: account.id,
        chatwootApiToken: account.admin.token,
        inboxName: `WhatsApp ${instance.name}`,
        ...flagsOff(),
      };
    };
    const failures: Record<
      ChatwootFailureKind,
      (valid: ActivateRequest) => ActivateRequest | Promise<ActivateRequest>
    > = {
      not_found: (valid) => ({ ...valid, chatwootAccountId: 999 }),
      invalid: (valid) => {
        chatwoot.control.addFault({
          kind: "error",
          status: 422,
          route: "inboxes.create",
          times: 1,
          body: { message: "Name is invalid", attributes: ["name"] },
        });
        return valid;
      },
      unauthorized: (valid) => ({ ...valid, chatwootApiToken: "not-a-chatwoot-token" }),
      forbidden: (valid) => ({ ...valid, chatwootApiToken: account.agent.token }),
      unreachable: async (valid) => ({
        ...valid,
        chatwootBaseUrl: `http://127.0.0.1:${await closedPort()}`,
      }),
      timeout: (valid) => {
        // Longer than the gateway's own deadline (CHATWOOT_TIMEOUT_MS, 2 s in these tests).
        chatwoot.control.addFault({ kind: "timeout", route: "inboxes.list", times: 1 });
        return valid;
      },
    };
    return {
      url: server.url,
      token,
      activateRequest: request,
      chatwootFailure: async (kind) => failures[kind](await request()),
      close: () => gateway.close(),
    };
  },
});
