/**
 * The Chatwoot integration of an instance: its live status (the module asks the gateway
 * on each read), the inbox, the activation form, and deactivation (the inbox is kept).
 * Sections under the status are listed in CHATWOOT_SECTIONS: the gateway's dead-letter
 * jobs, with their retry.
 */
import type { FunctionComponent, JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { seg } from "../api/client";
import type { ChatwootIntegration } from "../api/types";
import { useI18n } from "../i18n/i18n";
import { useSignedIn } from "../session/session";
import { bodyOf, ChatwootForm, type ChatwootValues } from "./chatwoot-form";
import type { LiveInstance } from "./instance-page";
import { GatewayJobs } from "./gateway-jobs";
import { Confirm, Notice } from "./ui";

type Loaded =
  | { kind: "loading" }
  | { kind: "off" }
  | { kind: "none" }
  | { kind: "active"; integration: ChatwootIntegration }
  | { kind: "failed"; message: string };

export interface ChatwootSectionProps {
  instance: string;
  integration: ChatwootIntegration;
}

/** Sections shown under an integration's status. */
export const CHATWOOT_SECTIONS: FunctionComponent<ChatwootSectionProps>[] = [GatewayJobs];

const EMPTY: ChatwootValues = {
  chatwootBaseUrl: "",
  chatwootAccountId: "",
  chatwootApiToken: "",
  inboxName: "",
  signMessages: false,
  ignoreGroups: false,
  startAsPending: false,
  reopenResolved: false,
};

function valuesOf(integration: ChatwootIntegration): ChatwootValues {
  return {
    chatwootBaseUrl: integration.chatwoot_base_url,
    chatwootAccountId: String(integration.chatwoot_account_id),
    chatwootApiToken: integration.chatwoot_api_token,
    inboxName: integration.chatwoot_inbox_name,
    signMessages: integration.sign_messages,
    ignoreGroups: integration.ignore_groups,
    startAsPending: integration.start_as_pending,
    reopenResolved: integration.reopen_resolved,
  };
}

export function ChatwootTab(props: { live: LiveInstance }): JSX.Element {
  const { t } = useI18n();
  const { api } = useSignedIn();
  const name = props.live.view.name;
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });
  const [confirm, setConfirm] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();

  const load = useCallback(async () => {
    const answer = await api.get<ChatwootIntegration>(`/api/chatwoot/list/${seg(name)}`);
    if (answer.ok) setLoaded({ kind: "active", integration: answer.body });
    else if (answer.status === 503) setLoaded({ kind: "off" });
    else if (answer.status === 404) setLoaded({ kind: "none" });
    else setLoaded({ kind: "failed", message: answer.message });
  }, [api, name]);
  useEffect(() => {
    void load();
  }, [load]);

  const activate = async (values: ChatwootValues): Promise<string | undefined> => {
    const answer = await api.post(`/api/chatwoot/set/${seg(name)}`, bodyOf(values));
    if (!answer.ok) return answer.status === 0 ? t("error.network") : answer.message;
    setNotice(t("chatwoot.activated"));
    await load();
    return undefined;
  };

  const deactivate = async () => {
    setConfirm(false);
    const answer = await api.delete(`/api/chatwoot/delete/${seg(name)}`);
    setNotice(answer.ok ? t("chatwoot.deactivated") : answer.message);
    await load();
  };

  return (
    <section class="card" aria-labelledby="chatwoot-title">
      <h2 id="chatwoot-title">{t("tab.chatwoot")}</h2>
      {notice !== undefined && <Notice tone="success">{notice}</Notice>}
      {loaded.kind === "loading" && <p role="status">{t("common.loading")}</p>}
      {loaded.kind === "off" && <Notice tone="info">{t("chatwoot.off")}</Notice>}
      {loaded.kind === "failed" && <Notice tone="error">{loaded.message}</Notice>}
      {loaded.kind === "none" && (
        <>
          <p>{t("chatwoot.none")}</p>
          <ChatwootForm initial={EMPTY} submitLabel={t("chatwoot.activate")} onSubmit={activate} />
        </>
      )}
      {loaded.kind === "active" && (
        <>
          <ChatwootStatus integration={loaded.integration} onRefresh={() => void load()} />
          {CHATWOOT_SECTIONS.map((Section, index) => (
            <Section key={index} instance={name} integration={loaded.integration} />
          ))}
          <h3>{t("chatwoot.update")}</h3>
          <ChatwootForm
            initial={valuesOf(loaded.integration)}
            submitLabel={t("chatwoot.save")}
            onSubmit={activate}
          />
          <button type="button" class="danger" onClick={() => setConfirm(true)}>
            {t("chatwoot.deactivate")}
          </button>
        </>
      )}
      <Confirm
        open={confirm}
        title={t("chatwoot.deactivateTitle")}
        confirmLabel={t("chatwoot.deactivate")}
        danger
        onCancel={() => setConfirm(false)}
        onConfirm={() => void deactivate()}
      >
        <p>{t("chatwoot.deactivateBody")}</p>
      </Confirm>
    </section>
  );
}

function ChatwootStatus(props: {
  integration: ChatwootIntegration;
  onRefresh: () => void;
}): JSX.Element {
  const { t } = useI18n();
  const i = props.integration;
  const known = ["active", "paused", "error"].includes(i.status);
  return (
    <div class="status-panel">
      <dl>
        <dt>{t("chatwoot.status")}</dt>
        <dd>
          <span class={`badge badge-cw-${known ? i.status : "unknown"}`}>
            {known ? t(`chatwoot.status.${i.status as "active" | "paused" | "error"}`) : i.status}
          </span>
        </dd>
        {i.last_error !== "" && (
          <>
            <dt>{t("chatwoot.lastError")}</dt>
            <dd class="error-text">{i.last_error}</dd>
          </>
        )}
        <dt>{t("chatwoot.inbox")}</dt>
        <dd>
          {i.chatwoot_inbox_name}{" "}
          {i.chatwoot_inbox_id > 0
            ? `(#${String(i.chatwoot_inbox_id)})`
            : t("chatwoot.inboxPending")}
        </dd>
        <dt>{t("chatwoot.baseUrl")}</dt>
        <dd>{i.chatwoot_base_url}</dd>
        <dt>{t("chatwoot.accountId")}</dt>
        <dd>{i.chatwoot_account_id}</dd>
      </dl>
      <button type="button" onClick={props.onRefresh}>
        {t("common.refresh")}
      </button>
    </div>
  );
}
