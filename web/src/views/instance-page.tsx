/**
 * One instance: its tabs, and the one live feed of its events that they all read (the
 * tail, the phone, the connection state and the QR rotation), so that switching tabs
 * loses nothing.
 */
import type { JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { seg } from "../api/client";
import type { Envelope, InstanceList, InstanceView } from "../api/types";
import { useI18n, type MessageKey } from "../i18n/i18n";
import { EMPTY_TAIL, receive, type TailState } from "../logic/event-tail";
import { routeHash, TABS, type Tab } from "../logic/route";
import { useSignedIn } from "../session/session";
import { ChatwootTab } from "./chatwoot-tab";
import { ConnectionTab } from "./connection-tab";
import { EventsTab } from "./events-tab";
import { PhoneTab } from "./phone-tab";
import { ProxyTab } from "./proxy-tab";
import { SettingsTab } from "./settings-tab";
import { Notice, StateBadge } from "./ui";
import { useEventSocket } from "./use-event-socket";
import { WebhooksTab } from "./webhooks-tab";

export interface LiveInstance {
  view: InstanceView;
  state: string;
  numberJid: string | null;
  /** Every event since the page opened, newest last (bounded). */
  tail: TailState;
  /** Every event since the page opened, unaffected by the tail's pause and clear. */
  history: Envelope[];
  setTail: (update: (tail: TailState) => TailState) => void;
  /** Subscribes to the live feed; returns the unsubscribe. */
  subscribe: (listener: (event: Envelope) => void) => () => void;
  reload: () => Promise<void>;
}

const HISTORY_LIMIT = 2_000;

const TAB_LABELS: Record<Tab, MessageKey> = {
  connection: "tab.connection",
  settings: "tab.settings",
  proxy: "tab.proxy",
  chatwoot: "tab.chatwoot",
  webhooks: "tab.webhooks",
  events: "tab.events",
  phone: "tab.phone",
};

function useInstance(name: string) {
  const { api } = useSignedIn();
  const { t } = useI18n();
  const [view, setView] = useState<InstanceView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const reload = useCallback(async () => {
    const answer = await api.get<InstanceList>(`/api/instance/list?instanceName=${seg(name)}`);
    if (!answer.ok) setError(answer.status === 0 ? t("error.network") : answer.message);
    else setView(answer.body.instances.find((i) => i.name === name));
  }, [api, name, t]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { view, error, reload };
}

export function InstancePage(props: { name: string; tab: Tab }): JSX.Element {
  const { t } = useI18n();
  const { view, error, reload } = useInstance(props.name);
  const [state, setState] = useState<string | undefined>();
  const [numberJid, setNumberJid] = useState<string | null>(null);
  const [tail, setTailState] = useState<TailState>(EMPTY_TAIL);
  const [history, setHistory] = useState<Envelope[]>([]);
  const [listeners] = useState(() => new Set<(event: Envelope) => void>());
  const status = useEventSocket(props.name, undefined, (event) => {
    if (event.event === "instance.state") {
      setState(event.data.state);
      if (event.data.numberJid !== null) setNumberJid(event.data.numberJid);
    }
    setTailState((current) => receive(current, event));
    setHistory((current) => [...current, event].slice(-HISTORY_LIMIT));
    for (const listener of listeners) listener(event);
  });
  useEffect(() => {
    if (view === undefined) return;
    setState(view.connection.state);
    setNumberJid(view.connection.numberJid);
  }, [view]);

  if (error !== undefined) return <Notice tone="error">{error}</Notice>;
  if (view === undefined) return <p role="status">{t("common.loading")}</p>;
  const live: LiveInstance = {
    view,
    state: state ?? view.connection.state,
    numberJid,
    tail,
    history,
    setTail: setTailState,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reload,
  };
  const tabs = TABS.filter((tab) => tab !== "phone" || view.provider === "sandbox");
  return (
    <div class="stack">
      <div class="instance-head">
        <a href="#/">{t("instance.back")}</a>
        <h1>{view.name}</h1>
        <StateBadge state={live.state} />
        <span class={`stream stream-${status}`}>{t(`stream.${status}`)}</span>
      </div>
      <nav aria-label={t("instance.sections")} class="tabs">
        {tabs.map((tab) => (
          <a
            key={tab}
            href={routeHash({ page: "instance", name: view.name, tab })}
            aria-current={tab === props.tab ? "page" : undefined}
          >
            {t(TAB_LABELS[tab])}
          </a>
        ))}
      </nav>
      <TabBody tab={props.tab} live={live} />
    </div>
  );
}

function TabBody(props: { tab: Tab; live: LiveInstance }): JSX.Element {
  switch (props.tab) {
    case "connection":
      return <ConnectionTab live={props.live} />;
    case "settings":
      return <SettingsTab live={props.live} />;
    case "proxy":
      return <ProxyTab live={props.live} />;
    case "chatwoot":
      return <ChatwootTab live={props.live} />;
    case "webhooks":
      return <WebhooksTab live={props.live} />;
    case "events":
      return <EventsTab live={props.live} />;
    case "phone":
      return <PhoneTab live={props.live} />;
  }
}
