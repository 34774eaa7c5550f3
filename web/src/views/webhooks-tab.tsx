/** Webhooks (up to three enabled), a test delivery for each, and the dead letters with replay. */
import type { JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { seg } from "../api/client";
import type { DeadLetter, WebhookTestResult, WebhookView } from "../api/types";
import { useI18n } from "../i18n/i18n";
import { useSignedIn } from "../session/session";
import type { LiveInstance } from "./instance-page";
import { Notice, type NoticeTone } from "./ui";
import { draftOf, NEW_WEBHOOK, WebhookForm, type WebhookDraft } from "./webhook-form";

const MAX_ENABLED = 3;

export function WebhooksTab(props: { live: LiveInstance }): JSX.Element {
  const { t } = useI18n();
  const { api } = useSignedIn();
  const name = seg(props.live.view.name);
  const [webhooks, setWebhooks] = useState<WebhookView[]>([]);
  const [dead, setDead] = useState<DeadLetter[]>([]);
  const [editing, setEditing] = useState<WebhookDraft | undefined>();
  const [formError, setFormError] = useState<string | undefined>();
  const [notice, setNotice] = useState<{ tone: NoticeTone; text: string } | undefined>();

  const load = useCallback(async () => {
    const [list, letters] = await Promise.all([
      api.get<{ webhooks: WebhookView[] }>(`/api/events/getWebhook/${name}`),
      api.get<{ deadLetters: DeadLetter[] }>(`/api/events/getDeadLetters/${name}`),
    ]);
    if (list.ok) setWebhooks(list.body.webhooks);
    if (letters.ok) setDead(letters.body.deadLetters);
  }, [api, name]);
  useEffect(() => {
    void load();
  }, [load]);

  const save = async (draft: WebhookDraft) => {
    const answer = await api.post(`/api/events/webhook/${name}`, { ...draft, enabled: true });
    if (!answer.ok) {
      setFormError(answer.message);
      return;
    }
    setFormError(undefined);
    setEditing(undefined);
    setNotice({ tone: "success", text: t("webhooks.saved") });
    await load();
  };

  const disable = async (label: string) => {
    const answer = await api.post(`/api/events/webhook/${name}`, { label, enabled: false });
    setNotice(
      answer.ok
        ? { tone: "success", text: t("webhooks.disabled") }
        : { tone: "error", text: answer.message },
    );
    await load();
  };

  const test = async (label: string) => {
    const answer = await api.post<{ result: WebhookTestResult }>(
      `/api/events/testWebhook/${name}`,
      { label },
    );
    if (!answer.ok) setNotice({ tone: "error", text: answer.message });
    else {
      const r = answer.body.result;
      setNotice(
        r.ok
          ? {
              tone: "success",
              text: t("webhooks.testOk", { label, status: r.status ?? 0, ms: r.durationMs }),
            }
          : { tone: "error", text: t("webhooks.testFailed", { label, error: r.error ?? "" }) },
      );
    }
  };

  const replay = async (ids?: string[]) => {
    const answer = await api.post<{ replayed: number }>(
      `/api/events/replayDeadLetters/${name}`,
      ids === undefined ? {} : { ids },
    );
    setNotice(
      answer.ok
        ? { tone: "success", text: t("webhooks.replayed", { count: answer.body.replayed }) }
        : { tone: "error", text: answer.message },
    );
    await load();
  };

  const enabled = webhooks.filter((w) => w.enabled).length;
  return (
    <div class="stack">
      <section class="card" aria-labelledby="webhooks-title">
        <h2 id="webhooks-title">{t("tab.webhooks")}</h2>
        <p class="hint">{t("webhooks.count", { count: enabled, max: MAX_ENABLED })}</p>
        {notice !== undefined && <Notice tone={notice.tone}>{notice.text}</Notice>}
        {webhooks.length === 0 ? (
          <p>{t("webhooks.none")}</p>
        ) : (
          <ul class="webhooks">
            {webhooks.map((w) => (
              <li key={w.label}>
                <div>
                  <strong>{w.label}</strong>{" "}
                  {w.enabled ? <code>{w.url}</code> : <em>{t("webhooks.off")}</em>}
                  <p class="hint">
                    {w.events.length === 0 ? t("webhooks.allEvents") : w.events.join(", ")}
                  </p>
                </div>
                <div class="actions">
                  {w.enabled && (
                    <button type="button" onClick={() => void test(w.label)}>
                      {t("webhooks.test")}
                    </button>
                  )}
                  <button type="button" onClick={() => setEditing(draftOf(w))}>
                    {t("webhooks.edit")}
                  </button>
                  {w.enabled && (
                    <button type="button" onClick={() => void disable(w.label)}>
                      {t("webhooks.disable")}
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
        {editing === undefined ? (
          <button
            type="button"
            class="primary"
            disabled={enabled >= MAX_ENABLED}
            onClick={() => setEditing(NEW_WEBHOOK)}
          >
            {t("webhooks.add")}
          </button>
        ) : (
          <WebhookForm initial={editing} error={formError} onSave={save} key={editing.label} />
        )}
      </section>
      <section class="card" aria-labelledby="dead-title">
        <h2 id="dead-title">{t("webhooks.deadTitle")}</h2>
        {dead.length === 0 ? (
          <p>{t("webhooks.deadNone")}</p>
        ) : (
          <>
            <button type="button" onClick={() => void replay()}>
              {t("webhooks.replayAll")}
            </button>
            <ul class="dead">
              {dead.map((d) => (
                <li key={d.id}>
                  <span>
                    <strong>{d.label}</strong> {d.event ?? "?"} #{d.seq} — {d.lastError ?? ""} (
                    {t("webhooks.attempts", { count: d.attempts })})
                  </span>
                  <button type="button" onClick={() => void replay([d.id])}>
                    {t("webhooks.replay")}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}
