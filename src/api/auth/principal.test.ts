import { describe, expect, it } from "vitest";
import { presentedToken } from "./principal.js";

describe("presentedToken", () => {
  it.each([
    [{ token: "h" }, {}, { value: "h", source: "header" }],
    [{ authorization: "Bearer b" }, {}, { value: "b", source: "bearer" }],
    [{ authorization: "bearer  b2 " }, {}, { value: "b2", source: "bearer" }],
    [{}, { token: "q" }, { value: "q", source: "query" }],
    [{ token: "h", authorization: "Bearer b" }, { token: "q" }, { value: "h", source: "header" }],
    [{ authorization: "Bearer b" }, { token: "q" }, { value: "b", source: "bearer" }],
    [{ authorization: "Basic abc" }, {}, undefined],
    [{ token: "" }, { token: "" }, undefined],
    [{}, {}, undefined],
  ])("headers %j, query %j → %j", (headers, query, expected) => {
    expect(presentedToken(headers, query)).toEqual(expected);
  });
});
