/**
 * The gateway contract suite (test/support/gateway-contract-suite.ts) against the fake
 * gateway the API's tests rely on and against the real gateway's HTTP routes, in `serve`
 * (beside the API, on its port) and as the `bridge` role (its own HTTP server), with the
 * Chatwoot emulator behind it producing each kind of Chatwoot failure.
 */
import fs from "node:fs";
import path from "node:path";
import {
  BRIDGE_ACTIVATE_PATH,
  CHATWOOT_FAILURE_KINDS,
  CHATWOOT_FAILURE_STATUS,
  activateResponseSchema,
  bridgeAuthorization,
  type ActivateRequest,
  type ChatwootFailureKind,
} from "../../src/contracts/bridge.js";
import { bridgeDb } from "../../src/bridge/bridge-schema.js";
import { waitFor } from "../events/support/helpers.js";
import { ACTIVATE, startFakeBridge } from "../support/fake-bridge.js";
import {
  describeGatewayContract,
  type GatewayContractTarget,
} from "../support/gateway-contract-suite.js";
import {
  closedPort,
  customerSays,
  liveInstance,
  startGateway,
  startSplitGateway,
  type Gateway,
} from "./support/gateway-harness.js";

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
      deadJob: async () => {
        const activated = await fetch(`${fake.url}${BRIDGE_ACTIVATE_PATH}`, {
          method: "POST",
          headers: {
            authorization: bridgeAuthorization(fake.token),
            "content-type": "application/json",
          },
          body: JSON.stringify(request()),
        });
        const integrationId = activateResponseSchema.parse(await activated.json()).integration_id;
        return { integrationId, jobId: fake.addJob(integrationId).id };
      },
      close: () => fake.close(),
    };
  },
});

/** The real gateway, behind `url`, with the emulator producing each Chatwoot failure. */
function realTarget(
  gateway: Pick<Gateway, "server" | "chatwoot" | "accountToken">,
  where: { url: string; token: string; close: () => Promise<void> },
): GatewayContractTarget {
  const { server, chatwoot } = gateway;
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
      // Never answers: the gateway's own deadline (CHATWOOT_TIMEOUT_MS, 2 s here) ends it.
      chatwoot.control.addFault({ kind: "timeout", route: "inboxes.list", times: 1 });
      return valid;
    },
  };
  let customers = 0;
  // A customer's first message meets one 422 from Chatwoot: the job is dead at once (a
  // 422 on fresh ids will not pass), and runs through when retried.
  const deadJob = async () => {
    const instance = await liveInstance(gateway);
    chatwoot.control.addFault({
      kind: "error",
      status: 422,
      route: "messages.create",
      times: 1,
      body: { message: "Content is invalid" },
    });
    customers += 1;
    await customerSays(gateway, instance, `55119888${String(customers).padStart(5, "0")}`, "olá");
    const db = bridgeDb(server.runtime.database);
    const job = await waitFor(
      () =>
        db
          .selectFrom("bridge_jobs")
          .select("id")
          .where("integration_id", "=", instance.integrationId)
          .where("state", "=", "dead")
          .executeTakeFirst(),
      "the dead job",
      30_000,
    );
    return { integrationId: instance.integrationId, jobId: job.id };
  };
  return {
    ...where,
    activateRequest: request,
    chatwootFailure: async (kind) => failures[kind](await request()),
    deadJob,
  };
}

describeGatewayContract("the real gateway in serve, with the Chatwoot emulator", {
  failureKinds: CHATWOOT_FAILURE_KINDS,
  start: async () => {
    const gateway = await startGateway();
    // `serve` generates BRIDGE_TOKEN into its data folder on first start.
    const file = path.join(gateway.server.dataDir, "bridge.token");
    const token = fs.readFileSync(file, "utf8").trim();
    return realTarget(gateway, { url: gateway.server.url, token, close: () => gateway.close() });
  },
});

describeGatewayContract("the real gateway as the bridge role, with the Chatwoot emulator", {
  failureKinds: CHATWOOT_FAILURE_KINDS,
  start: async () => {
    const split = await startSplitGateway();
    return realTarget(split, {
      url: split.bridgeUrl,
      token: split.bridgeToken,
      close: () => split.close(),
    });
  },
});
