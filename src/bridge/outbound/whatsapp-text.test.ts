import { describe, expect, it } from "vitest";
import { whatsappText } from "./whatsapp-text.js";

describe("whatsappText", () => {
  it.each([
    ["plain text", "Olá, tudo bem?", "Olá, tudo bem?"],
    ["bold", "this is **important**", "this is *important*"],
    ["italic with stars", "an *aside* here", "an _aside_ here"],
    ["italic with underscores", "an _aside_ here", "an _aside_ here"],
    ["strike", "~~old~~ new", "~old~ new"],
    ["bold and italic", "**a** and *b*", "*a* and _b_"],
    ["a lone star", "5 * 3 = 15", "5 * 3 = 15"],
    ["multi-line", "line one\n**two**", "line one\n*two*"],
  ])("converts %s", (_name, input, output) => {
    expect(whatsappText(input, undefined)).toBe(output);
  });

  it("signs with the agent's name on its own line", () => {
    expect(whatsappText("Hi!", "Maria")).toBe("*Maria*:\nHi!");
  });

  it("does not sign without a name", () => {
    expect(whatsappText("Hi!", "")).toBe("Hi!");
  });
});
