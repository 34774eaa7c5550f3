import { describe, expect, it } from "vitest";
import { classifyNetworkError, retryableStatus } from "./outcome.js";

const refused = Object.assign(new TypeError("fetch failed"), {
  cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }),
});

describe("classifyNetworkError", () => {
  it.each([
    [
      "our deadline",
      new DOMException("The operation was aborted due to timeout", "TimeoutError"),
      { kind: "timeout", retryable: true, detail: "timed out after 500 ms", timeoutMs: 500 },
    ],
    [
      "an abort",
      new DOMException("This operation was aborted", "AbortError"),
      { kind: "timeout", retryable: true, detail: "timed out after 500 ms", timeoutMs: 500 },
    ],
    [
      "a refused connection",
      refused,
      {
        kind: "unreachable",
        retryable: true,
        detail: "fetch failed: connect ECONNREFUSED 127.0.0.1:9",
        code: "ECONNREFUSED",
      },
    ],
    [
      "a refused connection, as undici's request rejects",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }),
      {
        kind: "unreachable",
        retryable: true,
        detail: "connect ECONNREFUSED 127.0.0.1:9",
        code: "ECONNREFUSED",
      },
    ],
    [
      "an error without a cause",
      new TypeError("fetch failed"),
      { kind: "unreachable", retryable: true, detail: "fetch failed", code: undefined },
    ],
    [
      "something thrown that is no error",
      "boom",
      { kind: "unreachable", retryable: true, detail: "boom", code: undefined },
    ],
  ])("%s", (_what, error, expected) => {
    expect(classifyNetworkError(error, 500)).toEqual(expected);
  });
});

describe("retryableStatus", () => {
  it.each([
    [400, false],
    [401, false],
    [404, false],
    [408, true],
    [409, false],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
  ])("%i → %s", (status, expected) => {
    expect(retryableStatus(status)).toBe(expected);
  });
});
