/**
 * The integration gateway's dead letters of the instance, under its Chatwoot status:
 * each job that gave up (what it was, its attempts, its last error, when), a Retry
 * button per job and a refresh. The instance's own token asks the API's Chatwoot module
 * (`/api/chatwoot/jobs/:instance`), which asks the gateway: the page never holds
 * BRIDGE_TOKEN.
 */
import type { JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { seg } from "../api/client";
import type { GatewayJob } from "../api/types";
import { useI18n } from "../i18n/i18n";
import { classifyJobsError, formatWhen, knownJobKind } from "../logic/gateway-jobs";
import { useSignedIn } from "../session/session";
import type { ChatwootSectionProps } from "./chatwoot-tab";
import { Notice } from "./ui";

type Listed =
  | { kind: "loading" }
  | { kind: "loaded"; jobs: GatewayJob[] }
  | { kind: "failed"; status: number; message: string };

type Said = { tone: "success" | "error"; status: number; message: string; text: string };

export function GatewayJobs(props: ChatwootSectionProps): JSX.Element {
  const { t, locale } = useI18n();
  const { api } = useSignedIn();
  const name = seg(props.instance);
  const [listed, setListed] = useState<Listed>({ kind: "loading" });
  const [said, setSaid] = useState<Said | undefined>();
  const [busy, setBusy] = useState<number | undefined>();

  const load = useCallback(async () => {
    const answer = await api.get<{ jobs: GatewayJob[] }>(`/api/chatwoot/jobs/${name}?state=dead`);
    setListed(
      answer.ok
        ? { kind: "loaded", jobs: answer.body.jobs }
        : { kind: "failed", status: answer.status, message: answer.message },
    );
  }, [api, name]);
  useEffect(() => {
    void load();
  }, [load]);

  const retry = async (job: GatewayJob) => {
    setBusy(job.id);
    const answer = await api.post(`/api/chatwoot/jobs/retry/${name}`, { id: job.id });
    setBusy(undefined);
    setSaid(
      answer.ok
        ? { tone: "success", status: 200, message: "", text: t("jobs.retried", { id: job.id }) }
        : { tone: "error", status: answer.status, message: answer.message, text: "" },
    );
    await load();
  };

  const explain = (status: number, message: string): JSX.Element => (
    <>
      <p>{t(`jobs.error.${classifyJobsError(status, message)}`)}</p>
      {message !== "" && (
        <p class="server-text">
          {t("chatwoot.error.serverSaid")} <span lang="en">{message}</span>
        </p>
      )}
    </>
  );

  return (
    <section class="gateway-jobs" aria-labelledby="jobs-title">
      <h3 id="jobs-title">{t("jobs.title")}</h3>
      <p class="hint">{t("jobs.intro")}</p>
      {said !== undefined && (
        <Notice tone={said.tone}>
          {said.tone === "success" ? said.text : explain(said.status, said.message)}
        </Notice>
      )}
      {listed.kind === "loading" && <p role="status">{t("common.loading")}</p>}
      {listed.kind === "failed" && (
        <Notice tone="error">{explain(listed.status, listed.message)}</Notice>
      )}
      {listed.kind === "loaded" && listed.jobs.length === 0 && <p>{t("jobs.none")}</p>}
      {listed.kind === "loaded" && listed.jobs.length > 0 && (
        <ul class="dead" aria-label={t("jobs.title")}>
          {listed.jobs.map((job) => {
            const known = knownJobKind(job.kind);
            return (
              <li key={job.id}>
                <div>
                  <strong>{known === undefined ? job.kind : t(`jobs.kind.${known}`)}</strong>{" "}
                  <span class="hint">
                    #{job.id} · {t("jobs.attempts", { count: job.attempts })} ·{" "}
                    <time dateTime={job.updated_at}>{formatWhen(job.updated_at, locale)}</time>
                  </span>
                  <p class="hint">{job.subject}</p>
                  {job.last_error !== "" && (
                    <p class="error-text">
                      {t("jobs.lastError")} <span lang="en">{job.last_error}</span>
                    </p>
                  )}
                </div>
                <button
                  type="button"
                  disabled={busy === job.id}
                  aria-label={t("jobs.retryOne", { id: job.id })}
                  onClick={() => void retry(job)}
                >
                  {busy === job.id ? t("common.working") : t("jobs.retry")}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <button type="button" onClick={() => void load()}>
        {t("jobs.refresh")}
      </button>
    </section>
  );
}
