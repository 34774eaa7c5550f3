/** The instance's seven settings (POST /api/instance/settings). */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { seg } from "../api/client";
import type { Settings } from "../api/types";
import { useI18n } from "../i18n/i18n";
import { useSignedIn } from "../session/session";
import type { LiveInstance } from "./instance-page";
import { SettingsFields } from "./settings-fields";
import { Notice, type NoticeTone } from "./ui";

export function SettingsTab(props: { live: LiveInstance }): JSX.Element {
  const { t } = useI18n();
  const { api } = useSignedIn();
  const [settings, setSettings] = useState<Settings>(props.live.view.settings);
  const [notice, setNotice] = useState<{ tone: NoticeTone; text: string } | undefined>();
  const save = async (event: Event) => {
    event.preventDefault();
    const answer = await api.post<{ settings: Settings }>(
      `/api/instance/settings/${seg(props.live.view.name)}`,
      settings,
    );
    if (answer.ok) {
      setSettings(answer.body.settings);
      setNotice({ tone: "success", text: t("common.saved") });
      await props.live.reload();
    } else setNotice({ tone: "error", text: answer.message });
  };
  return (
    <section class="card" aria-labelledby="settings-title">
      <h2 id="settings-title">{t("tab.settings")}</h2>
      <form onSubmit={(e) => void save(e)}>
        <SettingsFields value={settings} onChange={setSettings} />
        <button type="submit" class="primary">
          {t("common.save")}
        </button>
      </form>
      {notice !== undefined && <Notice tone={notice.tone}>{notice.text}</Notice>}
    </section>
  );
}
