/**
 * The instances, each with its connection state kept live by the event stream (one
 * `instance.state` feed per instance; the list is read again only when a feed comes back
 * after a drop, never on a timer).
 */
import type { JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { InstanceList as ListAnswer, InstanceView } from "../api/types";
import { useI18n } from "../i18n/i18n";
import { routeHash } from "../logic/route";
import { useSignedIn } from "../session/session";
import { CreateInstance } from "./create-instance";
import { Notice, StateBadge } from "./ui";
import { useEventSocket } from "./use-event-socket";

export function useInstances(): {
  instances: InstanceView[] | undefined;
  error: string | undefined;
  reload: () => Promise<void>;
} {
  const { api } = useSignedIn();
  const { t } = useI18n();
  const [instances, setInstances] = useState<InstanceView[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const reload = useCallback(async () => {
    const answer = await api.get<ListAnswer>("/api/instance/list");
    if (answer.ok) {
      setInstances(answer.body.instances);
      setError(undefined);
    } else setError(answer.status === 0 ? t("error.network") : answer.message);
  }, [api, t]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { instances, error, reload };
}

export function InstanceList(): JSX.Element {
  const { t } = useI18n();
  const { session } = useSignedIn();
  const { instances, error, reload } = useInstances();
  return (
    <div class="stack">
      <section class="card" aria-labelledby="instances-title">
        <h1 id="instances-title">{t("list.title")}</h1>
        {error !== undefined && <Notice tone="error">{error}</Notice>}
        {instances === undefined ? (
          <p role="status">{t("common.loading")}</p>
        ) : instances.length === 0 ? (
          <p>{t("list.empty")}</p>
        ) : (
          <ul class="instances">
            {instances.map((instance) => (
              <InstanceRow instance={instance} key={instance.id} onResumed={reload} />
            ))}
          </ul>
        )}
      </section>
      {session.kind === "account" && <CreateInstance onCreated={reload} />}
    </div>
  );
}

function InstanceRow(props: {
  instance: InstanceView;
  onResumed: () => Promise<void>;
}): JSX.Element {
  const { t } = useI18n();
  const { instance } = props;
  const [state, setState] = useState(instance.connection.state);
  const [number, setNumber] = useState(instance.connection.numberJid);
  useEffect(() => setState(instance.connection.state), [instance.connection.state]);
  const status = useEventSocket(instance.name, ["instance.state"], (event) => {
    if (event.event !== "instance.state") return;
    setState(event.data.state);
    if (event.data.numberJid !== null) setNumber(event.data.numberJid);
  });
  // A feed that dropped may have missed changes made before it came back: read once.
  const [wasDown, setWasDown] = useState(false);
  useEffect(() => {
    if (status === "reconnecting") setWasDown(true);
    if (status === "live" && wasDown) {
      setWasDown(false);
      void props.onResumed();
    }
  }, [status]);
  return (
    <li class="instance-row">
      <a href={routeHash({ page: "instance", name: instance.name, tab: "connection" })}>
        <strong>{instance.name}</strong>
      </a>
      <span class="provider">{instance.provider}</span>
      <StateBadge state={state} />
      <span class="number">{number === null ? "" : number.split("@")[0]}</span>
      <span class="sr-only">{status === "live" ? t("stream.live") : t("stream.reconnecting")}</span>
    </li>
  );
}
