/** The sign-in form: a TokenAccount or a TokenInstance, checked by the server. */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useI18n } from "../i18n/i18n";
import { signIn, type SignedIn } from "../session/session";
import { Field } from "./ui";

export function SignIn(props: { onSignedIn: (signedIn: SignedIn) => void }): JSX.Element {
  const { t } = useI18n();
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (token.trim() === "") {
      setError(t("signIn.empty"));
      return;
    }
    setBusy(true);
    const answer = await signIn(token.trim());
    setBusy(false);
    if (answer.ok) {
      props.onSignedIn(answer.body);
      return;
    }
    if (answer.status === 401) setError(t("signIn.rejected"));
    else if (answer.status === 0) setError(t("error.network"));
    else setError(t("signIn.failed", { message: answer.message }));
  };

  return (
    <section class="card sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t("signIn.title")}</h1>
      <p>{t("signIn.intro")}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label={t("signIn.token")}
          type="password"
          name="token"
          value={token}
          onInput={setToken}
          error={error}
          hint={t("signIn.hint")}
          required
        />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t("common.working") : t("signIn.submit")}
        </button>
      </form>
    </section>
  );
}
