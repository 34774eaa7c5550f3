import { describe, expect, it } from "vitest";
import { pickLocale, translate } from "./i18n";
import { en } from "./messages-en";
import { ptBR } from "./messages-pt-br";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("translations", () => {
  it("have the same keys and placeholders in both languages", () => {
    expect(Object.keys(ptBR).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      expect(placeholders(ptBR[key as keyof typeof en]), key).toEqual(placeholders(text));
    }
  });

  it("fill in placeholders and leave unknown ones visible", () => {
    expect(translate("en", "webhooks.count", { count: 2, max: 3 })).toBe(
      "2 of 3 webhooks enabled.",
    );
    expect(translate("pt-BR", "webhooks.count", { count: 2 })).toBe("2 de {max} webhooks ativos.");
  });

  it.each([
    [null, ["pt-BR", "en"], "pt-BR"],
    [null, ["pt-PT"], "pt-BR"],
    [null, ["en-GB", "pt-BR"], "en"],
    [null, ["de-DE"], "en"],
    [null, [], "en"],
    ["en", ["pt-BR"], "en"],
    ["pt-BR", ["en-US"], "pt-BR"],
    ["klingon", ["pt-BR"], "pt-BR"],
  ])("stored %s, browser %j → %s", (stored, languages, locale) => {
    expect(pickLocale(stored, languages)).toBe(locale);
  });
});
