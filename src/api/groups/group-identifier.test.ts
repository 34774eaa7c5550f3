import { describe, expect, it } from "vitest";
import {
  parseCommunityJid,
  parseGroupIdentifier,
  parseInvite,
  parseNewsletterIdentifier,
} from "./group-identifier.js";

describe("group identifiers", () => {
  it.each([
    ["120363406289005073@g.us", { kind: "jid", jid: "120363406289005073@g.us" }],
    ["120363406289005073", { kind: "jid", jid: "120363406289005073@g.us" }],
    ["5511999999999-1600000000@g.us", { kind: "jid", jid: "5511999999999-1600000000@g.us" }],
    ["ABC123XYZ", { kind: "code", code: "ABC123XYZ" }],
    ["https://chat.whatsapp.com/ABC123XYZ", { kind: "code", code: "ABC123XYZ" }],
    [" chat.whatsapp.com/invite/ABC123XYZ?x=1 ", { kind: "code", code: "ABC123XYZ" }],
    ["abc@g.us", undefined],
    ["5511999999999@s.whatsapp.net", undefined],
    ["not a code!", undefined],
  ])("%s", (input, expected) => {
    expect(parseGroupIdentifier(input)).toEqual(expected);
  });

  it("takes only codes and links for joining", () => {
    expect(parseInvite("https://chat.whatsapp.com/ABC123XYZ")).toBe("ABC123XYZ");
    expect(parseInvite("120363406289005073@g.us")).toBeUndefined();
  });

  it.each([
    ["120363406289005073", { jid: "120363406289005073@g.us" }],
    ["120363406289005073@g.us", { jid: "120363406289005073@g.us" }],
    ["120363406289005073@newsletter", { reason: 'unexpected server "newsletter" (want g.us)' }],
    ["ABC123XYZ", { reason: '"ABC123XYZ" is not a group id' }],
  ])("community %s", (input, expected) => {
    expect(parseCommunityJid(input)).toEqual(expected);
  });

  it.each([
    ["120363422585881117@newsletter", { kind: "jid", jid: "120363422585881117@newsletter" }],
    ["120363422585881117", { kind: "jid", jid: "120363422585881117@newsletter" }],
    [
      "https://whatsapp.com/channel/120363422585881117",
      { kind: "jid", jid: "120363422585881117@newsletter" },
    ],
    ["https://www.whatsapp.com/channel/0029VaInvite", { kind: "invite", code: "0029VaInvite" }],
    ["x@newsletter", undefined],
    ["no such!", undefined],
  ])("newsletter %s", (input, expected) => {
    expect(parseNewsletterIdentifier(input)).toEqual(expected);
  });
});
