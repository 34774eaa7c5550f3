import { describe, expect, it } from "vitest";
import { presentedToken, selectProtocol } from "./principal.js";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");

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

describe("presentedToken on WebSocket routes", () => {
  const ws = { websocket: true };
  it.each([
    [{ "sec-websocket-protocol": `ponte, ponte.token.${b64("acc_x")}` }, {}, "acc_x"],
    [
      { "sec-websocket-protocol": `ponte.token.${b64("a token/with+odd=chars")}` },
      {},
      "a token/with+odd=chars",
    ],
    [{ "sec-websocket-protocol": `ponte.token.${b64("s")}`, token: "h" }, {}, "h"],
    [{ "sec-websocket-protocol": `ponte.token.${b64("s")}` }, { token: "q" }, "q"],
    [{ "sec-websocket-protocol": "ponte, ponte.token.!!" }, {}, undefined],
    [{ "sec-websocket-protocol": "ponte" }, {}, undefined],
  ])("headers %j, query %j → %j", (headers, query, expected) => {
    expect(presentedToken(headers, query, ws)?.value).toEqual(expected);
  });

  it("ignores the subprotocol form outside WebSocket routes", () => {
    const headers = { "sec-websocket-protocol": `ponte.token.${b64("acc_x")}` };
    expect(presentedToken(headers, {})).toBeUndefined();
  });

  it.each([
    [["ponte.token.abc", "ponte"], "ponte"],
    [["ponte.token.abc"], false],
    [["graphql-ws"], "graphql-ws"],
    [[], false],
  ])("offered %j → selects %j", (offered, expected) => {
    expect(selectProtocol(new Set(offered))).toBe(expected);
  });
});
