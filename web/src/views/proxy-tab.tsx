/** The instance's own proxy (POST /api/instance/proxy); it applies at the next connect. */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { seg } from "../api/client";
import { useI18n } from "../i18n/i18n";
import { useSignedIn } from "../session/session";
import type { LiveInstance } from "./instance-page";
import { Check, Field, Notice, type NoticeTone } from "./ui";

const PROTOCOLS = ["http", "https", "socks5"] as const;

export function ProxyTab(props: { live: LiveInstance }): JSX.Element {
  const { t } = useI18n();
  const { api } = useSignedIn();
  const stored = props.live.view.proxy;
  const [enabled, setEnabled] = useState(stored.enabled);
  const [host, setHost] = useState(stored.host ?? "");
  const [port, setPort] = useState(stored.port ?? "");
  const [protocol, setProtocol] = useState(stored.protocol ?? "http");
  const [username, setUsername] = useState(stored.username ?? "");
  const [password, setPassword] = useState("");
  const [notice, setNotice] = useState<{ tone: NoticeTone; text: string } | undefined>();

  const save = async (event: Event) => {
    event.preventDefault();
    const body = enabled
      ? {
          enabled,
          host: host.trim(),
          port: port.trim(),
          protocol,
          ...(username.trim() === "" ? {} : { username: username.trim() }),
          ...(password === "" ? {} : { password }),
        }
      : { enabled: false };
    const answer = await api.post(`/api/instance/proxy/${seg(props.live.view.name)}`, body);
    setNotice(
      answer.ok
        ? { tone: "success", text: t("proxy.saved") }
        : { tone: "error", text: answer.message },
    );
  };

  const selectId = "proxy-protocol";
  return (
    <section class="card" aria-labelledby="proxy-title">
      <h2 id="proxy-title">{t("tab.proxy")}</h2>
      <form onSubmit={(e) => void save(e)}>
        <Check label={t("proxy.enabled")} checked={enabled} onChange={setEnabled} />
        {enabled && (
          <div class="grid">
            <Field label={t("proxy.host")} value={host} onInput={setHost} required />
            <Field label={t("proxy.port")} value={port} onInput={setPort} type="number" required />
            <div class="field">
              <label for={selectId}>{t("proxy.protocol")}</label>
              <select
                id={selectId}
                value={protocol}
                onChange={(e) => setProtocol(e.currentTarget.value)}
              >
                {PROTOCOLS.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </div>
            <Field label={t("proxy.username")} value={username} onInput={setUsername} />
            <Field
              label={t("proxy.password")}
              type="password"
              value={password}
              onInput={setPassword}
              hint={t("proxy.passwordHint")}
            />
          </div>
        )}
        <button type="submit" class="primary">
          {t("common.save")}
        </button>
      </form>
      {notice !== undefined && <Notice tone={notice.tone}>{notice.text}</Notice>}
    </section>
  );
}
