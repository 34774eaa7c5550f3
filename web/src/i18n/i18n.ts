/**
 * English and Brazilian Portuguese. The language comes from the browser unless the
 * reader picked one (remembered in localStorage: a preference, not a secret).
 */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { en, type MessageKey } from "./messages-en";
import { ptBR } from "./messages-pt-br";

export type { MessageKey };
export type Locale = "en" | "pt-BR";
export const LOCALES: readonly Locale[] = ["en", "pt-BR"];
const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, "pt-BR": ptBR };

export const LOCALE_STORAGE_KEY = "ponte.manager.locale";

export function pickLocale(stored: string | null, languages: readonly string[]): Locale {
  if (stored === "en" || stored === "pt-BR") return stored;
  for (const language of languages) {
    const lower = language.toLowerCase();
    if (lower.startsWith("pt")) return "pt-BR";
    if (lower.startsWith("en")) return "en";
  }
  return "en";
}

export type Params = Record<string, string | number>;

export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
  const text = DICTIONARIES[locale][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, params?: Params) => string;
  setLocale: (locale: Locale) => void;
}

export const I18nContext = createContext<I18n>({
  locale: "en",
  t: (key, params) => translate("en", key, params),
  setLocale: () => undefined,
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}
