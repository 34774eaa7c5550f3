import { describe, expect, it } from "vitest";
import {
  activateRequestSchema,
  activateResponseSchema,
  bridgeIntegrationPath,
  chatwootFailureBodySchema,
  gatewayErrorBodySchema,
  integrationStateSchema,
} from "./bridge.js";

const activate = {
  instanceId: "id",
  instanceName: "support",
  chatwootBaseUrl: "https://cw.example.com",
  chatwootAccountId: 1,
  chatwootApiToken: "tok",
  inboxName: "Inbox",
  signMessages: false,
  ignoreGroups: false,
  startAsPending: false,
  reopenResolved: false,
};

describe("bridge contract", () => {
  it.each([
    ["a new activation", activate, true],
    ["an update", { ...activate, existingIntegrationId: "int_1" }, true],
    ["a trailing slash", { ...activate, chatwootBaseUrl: "https://cw.example.com/" }, false],
    ["a non-http URL", { ...activate, chatwootAccountId: 1, chatwootBaseUrl: "ftp://cw" }, false],
    ["account 0", { ...activate, chatwootAccountId: 0 }, false],
    ["a missing flag", { ...activate, signMessages: undefined }, false],
    ["an unsafe integration id", { ...activate, existingIntegrationId: "../x" }, false],
  ])("activate request: %s", (_title, body, valid) => {
    expect(activateRequestSchema.safeParse(body).success).toBe(valid);
  });

  it.each([
    [{ integration_id: "int_1", status: "active", inbox_id: 0, inbox_name: "I" }, true],
    [{ integration_id: "int_1", status: "gone", inbox_id: 0, inbox_name: "I" }, false],
    [{ integration_id: "int_1", status: "active", inbox_id: -1, inbox_name: "I" }, false],
  ])("activate response %j", (body, valid) => {
    expect(activateResponseSchema.safeParse(body).success).toBe(valid);
  });

  it("integration state keeps extra fields", () => {
    const state = {
      integration_id: "int_1",
      status: "paused",
      last_error: "",
      inbox_id: 2,
      inbox_name: "I",
      extra: 1,
    };
    expect(integrationStateSchema.parse(state)).toEqual(state);
  });

  it("tells a Chatwoot failure from the gateway's own error", () => {
    const own = { error: "invalid bridge token" };
    const chatwoot = { kind: "unauthorized", detail: "Invalid Access Token", chatwoot_status: 401 };
    expect(chatwootFailureBodySchema.safeParse(own).success).toBe(false);
    expect(gatewayErrorBodySchema.safeParse(own).success).toBe(true);
    expect(chatwootFailureBodySchema.safeParse(chatwoot).success).toBe(true);
    expect(chatwootFailureBodySchema.safeParse({ kind: "other", detail: "" }).success).toBe(false);
  });

  it("builds integration paths", () => {
    expect(bridgeIntegrationPath("int_1")).toBe("/v1/integrations/int_1");
  });
});
