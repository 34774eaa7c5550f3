import { describe, expect, it } from "vitest";
import { classifyJobsError, formatWhen as format, knownJobKind } from "./gateway-jobs";

describe("the gateway jobs' errors in words", () => {
  it.each([
    [0, "", "network"],
    [503, "integration gateway not configured", "not_configured"],
    [404, "no chatwoot integration for this instance", "no_integration"],
    [
      404,
      "the integration gateway does not know this integration — call POST /api/chatwoot/set/:instance to activate it again",
      "unknown_integration",
    ],
    [404, "job not found", "job_not_found"],
    [409, "job 42 is done, not dead", "not_dead"],
    [409, "job 42 is pending, not dead", "not_dead"],
    [
      504,
      "integration gateway did not answer in time — try again. Detail: no answer within 10000 ms",
      "gateway_timeout",
    ],
    [
      502,
      "integration gateway is unreachable — try again later. Detail: ECONNREFUSED",
      "gateway_unreachable",
    ],
    [
      502,
      "integration gateway refused the server's credentials — the server operator must verify BRIDGE_TOKEN. Detail: HTTP 401",
      "gateway_credentials",
    ],
    [502, "integration gateway failed — try again later. Detail: HTTP 500: boom", "gateway_failed"],
    [404, "instance not found", "other"],
    [400, "Invalid querystring: limit: must be a whole number from 1 to 500", "other"],
    // The 409 text alone decides, not the status.
    [500, "job 42 is done, not dead", "other"],
  ])("HTTP %i %j → %s", (status, message, kind) => {
    expect(classifyJobsError(status, message)).toBe(kind);
  });
});

describe("the gateway jobs' kinds and times", () => {
  it("names the gateway's job kinds and leaves others as they are", () => {
    expect(knownJobKind("wa.message")).toBe("wa.message");
    expect(knownJobKind("wa.receipt")).toBe("wa.receipt");
    expect(knownJobKind("cw.message")).toBe("cw.message");
    expect(knownJobKind("cw.something-new")).toBeUndefined();
  });

  it("writes a time in the reader's locale, and an unreadable one as given", () => {
    const iso = "2026-03-01T13:05:09.000Z";
    // ICU versions differ in which space they put before "PM" (U+0020 or U+202F).
    const formatWhen = (...args: Parameters<typeof format>) => format(...args).replace(/\s/g, " ");
    expect(formatWhen(iso, "en", "UTC")).toBe("Mar 1, 2026, 1:05:09 PM");
    expect(formatWhen(iso, "pt-BR", "UTC")).toBe("1 de mar. de 2026, 13:05:09");
    expect(formatWhen(iso, "pt-BR", "America/Sao_Paulo")).toBe("1 de mar. de 2026, 10:05:09");
    expect(formatWhen("yesterday-ish", "en")).toBe("yesterday-ish");
  });
});
