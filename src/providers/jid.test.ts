import { describe, expect, it } from "vitest";
import { bareNumber, brazilianVariants, chatTypeOf, phoneOf, userOf } from "./jid.js";

describe("brazilianVariants", () => {
  it.each([
    ["5511987654321", ["5511987654321", "551187654321"]],
    ["551187654321", ["551187654321", "5511987654321"]],
    // landlines (starting 2–5) never had a ninth digit
    ["551132654321", ["551132654321"]],
    ["14155550100", ["14155550100"]],
    ["5511887654321", ["5511887654321"]],
    ["5511900009999", ["5511900009999"]],
  ])("%s → %j", (input, expected) => {
    expect(brazilianVariants(input)).toEqual(expected);
  });
});

describe("JID helpers", () => {
  it.each([
    ["5511999999999@s.whatsapp.net", "5511999999999"],
    ["5511999999999:12@s.whatsapp.net", "5511999999999"],
    ["5511999999999", "5511999999999"],
    ["123456789@lid", null],
    ["120363024567890123@g.us", null],
  ])("phoneOf(%s) = %s", (jid, phone) => {
    expect(phoneOf(jid)).toBe(phone);
  });

  it.each([
    ["+55 11 99999-9999", "5511999999999"],
    ["5511999999999@s.whatsapp.net", undefined],
    ["hello", undefined],
  ])("bareNumber(%s) = %s", (input, digits) => {
    expect(bareNumber(input)).toBe(digits);
  });

  it.each([
    ["1@g.us", "group"],
    ["1@newsletter", "newsletter"],
    ["status@broadcast", "broadcast"],
    ["1@lid", "private"],
    ["1@s.whatsapp.net", "private"],
  ])("chatTypeOf(%s) = %s", (jid, type) => {
    expect(chatTypeOf(jid)).toBe(type);
  });

  it("userOf drops the device suffix", () => {
    expect(userOf("55:3@s.whatsapp.net")).toBe("55");
  });
});
