import { describe, expect, it } from "vitest";
import { OutboundRefusedError } from "../../platform/net/outbound-guard.js";
import { networkFailure } from "./chatwoot-failure.js";

/** A Node network error as undici's `request` rejects with it. */
function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:3000`), { code });
}

describe("networkFailure", () => {
  it("reads the error itself, as undici's request rejects", () => {
    expect(networkFailure(systemError("ECONNREFUSED"), 1_000)).toEqual({
      kind: "unreachable",
      detail: "ECONNREFUSED",
      retryable: true,
      ambiguous: false,
    });
    expect(networkFailure(systemError("ECONNRESET"), 1_000)).toMatchObject({ ambiguous: true });
  });

  it("reads the cause when the error wraps it, as fetch's TypeError does", () => {
    const wrapped = new TypeError("fetch failed", { cause: systemError("ENOTFOUND") });
    expect(networkFailure(wrapped, 1_000)).toMatchObject({ detail: "ENOTFOUND", ambiguous: false });
  });

  it("names a refusal of the outbound policy after chatwootBaseUrl, sent or wrapped", () => {
    const refusal = new OutboundRefusedError("url", "10.0.0.1 is a private address");
    const expected = {
      kind: "unreachable",
      detail:
        "chatwootBaseUrl refused: 10.0.0.1 is a private address; set OUTBOUND_ALLOW to allow it",
      retryable: true,
      refused: true,
    };
    expect(networkFailure(refusal, 1_000)).toEqual(expected);
    expect(networkFailure(new TypeError("fetch failed", { cause: refusal }), 1_000)).toEqual(
      expected,
    );
  });

  it("calls a deadline's abort a timeout, which may have reached Chatwoot", () => {
    const timeout = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    expect(networkFailure(timeout, 1_500)).toEqual({
      kind: "timeout",
      detail: "no answer within 1500 ms",
      retryable: true,
      ambiguous: true,
    });
  });
});
