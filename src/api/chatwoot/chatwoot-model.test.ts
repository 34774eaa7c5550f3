import { describe, expect, it } from "vitest";
import { rfc3339, toView, type IntegrationRecord } from "./chatwoot-model.js";

const record: IntegrationRecord = {
  id: "row",
  instanceId: "inst",
  bridgeIntegrationId: "int_1",
  chatwootBaseUrl: "https://cw.example.com",
  chatwootAccountId: 5,
  chatwootApiToken: "tok",
  inboxId: 0,
  inboxName: "Inbox",
  status: "active",
  lastError: "",
  signMessages: false,
  ignoreGroups: true,
  startAsPending: false,
  reopenResolved: false,
  createdAt: "2026-04-20T10:15:30.123Z",
  updatedAt: "2026-04-20T10:15:30.123Z",
};

describe("rfc3339", () => {
  it.each([
    ["2026-04-20T10:15:30.123Z", "2026-04-20T10:15:30Z"],
    ["2026-04-20T10:15:30Z", "2026-04-20T10:15:30Z"],
  ])("%s → %s", (input, expected) => expect(rfc3339(input)).toBe(expected));
});

describe("toView", () => {
  it("shows the local row when there is no live state", () => {
    expect(toView("support", record)).toMatchObject({
      instance_name: "support",
      status: "active",
      chatwoot_inbox_id: 0,
      last_error: "",
      created_at: "2026-04-20T10:15:30Z",
      chatwoot_api_token: "tok",
      ignore_groups: true,
    });
  });

  it.each([
    [0, 9, 9],
    [4, 9, 4],
    [4, 0, 4],
  ])("local inbox %i, live %i → %i", (local, live, shown) => {
    const view = toView(
      "s",
      { ...record, inboxId: local },
      { status: "error", lastError: "e", inboxId: live },
    );
    expect(view.chatwoot_inbox_id).toBe(shown);
    expect(view.status).toBe("error");
    expect(view.last_error).toBe("e");
  });
});
