/** Creating an instance (TokenAccount only): a name, the provider, and the settings. */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { Settings } from "../api/types";
import { useI18n } from "../i18n/i18n";
import { routeHash } from "../logic/route";
import { useSignedIn } from "../session/session";
import { DEFAULT_SETTINGS, SettingsFields } from "./settings-fields";
import { Field, Notice } from "./ui";

export function CreateInstance(props: { onCreated: () => Promise<void> }): JSX.Element {
  const { t } = useI18n();
  const { api } = useSignedIn();
  const [name, setName] = useState("");
  const [provider, setProvider] = useState<"sandbox" | "baileys">("sandbox");
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const answer = await api.post("/api/instance/new", {
      name: name.trim(),
      provider,
      ...settings,
    });
    setBusy(false);
    if (!answer.ok) {
      setError(answer.status === 0 ? t("error.network") : answer.message);
      return;
    }
    setError(undefined);
    await props.onCreated();
    window.location.hash = routeHash({ page: "instance", name: name.trim(), tab: "connection" });
  };

  return (
    <section class="card" aria-labelledby="create-title">
      <h2 id="create-title">{t("create.title")}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label={t("create.name")}
          name="name"
          value={name}
          onInput={setName}
          hint={t("create.nameHint")}
          required
        />
        <fieldset>
          <legend>{t("create.provider")}</legend>
          {(["sandbox", "baileys"] as const).map((value) => (
            <label class="check" key={value}>
              <input
                type="radio"
                name="provider"
                value={value}
                checked={provider === value}
                onChange={() => setProvider(value)}
              />
              <span>{t(`create.provider.${value}`)}</span>
            </label>
          ))}
        </fieldset>
        <details>
          <summary>{t("create.moreSettings")}</summary>
          <SettingsFields value={settings} onChange={setSettings} />
        </details>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t("common.working") : t("create.submit")}
        </button>
      </form>
      {error === undefined ? null : <Notice tone="error">{error}</Notice>}
    </section>
  );
}
