/** The page: sign-in, then the instances; the language switch and sign-out in the header. */
import type { JSX } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import {
  I18nContext,
  LOCALE_STORAGE_KEY,
  LOCALES,
  pickLocale,
  translate,
  type I18n,
  type Locale,
} from "./i18n/i18n";
import { parseRoute, type Route } from "./logic/route";
import { SessionContext, signIn, type SignedIn } from "./session/session";
import { sessionTokenStore } from "./session/token-store";
import { InstanceList } from "./views/instance-list";
import { InstancePage } from "./views/instance-page";
import { SignIn } from "./views/sign-in";

const tokens = sessionTokenStore();

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

function useLocale(): I18n {
  const [locale, setLocale] = useState<Locale>(() =>
    pickLocale(window.localStorage.getItem(LOCALE_STORAGE_KEY), navigator.languages),
  );
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return useMemo(
    () => ({
      locale,
      t: (key, params) => translate(locale, key, params),
      setLocale: (next: Locale) => {
        window.localStorage.setItem(LOCALE_STORAGE_KEY, next);
        setLocale(next);
      },
    }),
    [locale],
  );
}

/** Restores a sign-in kept in sessionStorage (a reload of the same tab). */
function useSignIn(): [SignedIn | undefined | "restoring", (s: SignedIn | undefined) => void] {
  const [signedIn, setSignedIn] = useState<SignedIn | undefined | "restoring">(() =>
    tokens.read() === undefined ? undefined : "restoring",
  );
  useEffect(() => {
    const token = tokens.read();
    if (token === undefined) return;
    void signIn(token).then((answer) => {
      if (answer.ok) setSignedIn(answer.body);
      else {
        tokens.clear();
        setSignedIn(undefined);
      }
    });
  }, []);
  const set = (next: SignedIn | undefined) => {
    if (next === undefined) tokens.clear();
    else tokens.write(next.token);
    setSignedIn(next);
  };
  return [signedIn, set];
}

export function App(): JSX.Element {
  const i18n = useLocale();
  const route = useRoute();
  const [signedIn, setSignedIn] = useSignIn();
  const { t } = i18n;
  return (
    <I18nContext.Provider value={i18n}>
      <a class="skip" href="#main">
        {t("common.skip")}
      </a>
      <header class="top">
        <a class="brand" href="#/">
          {t("app.title")}
        </a>
        <div class="top-actions">
          <label class="locale">
            <span>{t("app.language")}</span>
            <select
              value={i18n.locale}
              onChange={(e) => i18n.setLocale(e.currentTarget.value as Locale)}
            >
              {LOCALES.map((locale) => (
                <option value={locale} key={locale}>
                  {locale === "en" ? "English" : "Português (Brasil)"}
                </option>
              ))}
            </select>
          </label>
          {typeof signedIn === "object" && (
            <button type="button" onClick={() => setSignedIn(undefined)}>
              {t("app.signOut")}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {signedIn === "restoring" ? (
          <p role="status">{t("common.loading")}</p>
        ) : signedIn === undefined ? (
          <SignIn onSignedIn={setSignedIn} />
        ) : (
          <SessionContext.Provider value={signedIn}>
            {route.page === "instance" ? (
              <InstancePage name={route.name} tab={route.tab} key={route.name} />
            ) : (
              <InstanceList />
            )}
          </SessionContext.Provider>
        )}
      </main>
    </I18nContext.Provider>
  );
}
