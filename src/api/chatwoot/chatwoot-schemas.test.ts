import { describe, expect, it } from "vitest";
import type { CreateInstanceBody } from "../instances/instance-schemas.js";
import { parseInline, setBodySchema } from "./chatwoot-schemas.js";

const valid = {
  chatwootBaseUrl: "https://chatwoot.example.com",
  chatwootAccountId: 5,
  chatwootApiToken: "tok",
  inboxName: "Inbox",
};

describe("setBodySchema", () => {
  it.each([
    ["https://chatwoot.example.com/", "https://chatwoot.example.com"],
    ["https://chatwoot.example.com///", "https://chatwoot.example.com"],
    [" http://10.0.0.5:3000/cw/ ", "http://10.0.0.5:3000/cw"],
    ["https://chatwoot.example.com", "https://chatwoot.example.com"],
  ])("normalises the base URL %j", (input, expected) => {
    const parsed = setBodySchema.parse({ ...valid, chatwootBaseUrl: input });
    expect(parsed.chatwootBaseUrl).toBe(expected);
  });

  it("defaults the four flags to false and drops unknown fields", () => {
    expect(setBodySchema.parse({ ...valid, extra: 1 })).toEqual({
      ...valid,
      signMessages: false,
      ignoreGroups: false,
      startAsPending: false,
      reopenResolved: false,
    });
  });

  it.each([
    [{ chatwootBaseUrl: "chatwoot.example.com" }, "chatwootBaseUrl", "must be an http(s) URL"],
    [{ chatwootBaseUrl: "javascript:alert(1)" }, "chatwootBaseUrl", "must be an http(s) URL"],
    [{ chatwootBaseUrl: 5 }, "chatwootBaseUrl", "must be a string"],
    [{ chatwootAccountId: 0 }, "chatwootAccountId", "must be an integer greater than 0"],
    [{ chatwootAccountId: 1.5 }, "chatwootAccountId", "must be an integer greater than 0"],
    [{ chatwootAccountId: 2 ** 31 }, "chatwootAccountId", "must be at most 2147483647"],
    [{ chatwootApiToken: "" }, "chatwootApiToken", "must not be empty"],
    [{ inboxName: "x".repeat(256) }, "inboxName", "must be at most 255 characters"],
    [{ inboxName: undefined }, "inboxName", "is required"],
    [{ reopenResolved: 1 }, "reopenResolved", "must be true or false"],
  ])("rejects %j", (patch, field, message) => {
    const result = setBodySchema.safeParse({ ...valid, ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      [field, message],
    ]);
  });
});

describe("parseInline", () => {
  const create = (patch: Partial<CreateInstanceBody>): CreateInstanceBody => ({
    name: "x",
    chatwootEnabled: true,
    chatwootBaseUrl: "https://cw.example.com/",
    chatwootAccountId: 3,
    chatwootApiToken: "tok",
    chatwootInboxName: "Inbox",
    ...patch,
  });

  it("maps the creation fields to a set body", () => {
    expect(
      parseInline(create({ chatwootSignMessages: true, chatwootReopenResolved: true })),
    ).toEqual({
      ok: true,
      body: {
        chatwootBaseUrl: "https://cw.example.com",
        chatwootAccountId: 3,
        chatwootApiToken: "tok",
        inboxName: "Inbox",
        signMessages: true,
        ignoreGroups: false,
        startAsPending: false,
        reopenResolved: true,
      },
    });
  });

  it("names the problems by the creation fields", () => {
    expect(parseInline(create({ chatwootInboxName: undefined, chatwootBaseUrl: "nope" }))).toEqual({
      ok: false,
      detail: "chatwootBaseUrl: must be an http(s) URL; chatwootInboxName: is required",
    });
  });
});
