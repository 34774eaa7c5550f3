/** The live tail of the instance's events: filter by kind, pause (new events wait), clear. */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { EVENT_KINDS, type EventKind } from "../api/types";
import { useI18n } from "../i18n/i18n";
import { clear, setPaused, summarize, visible } from "../logic/event-tail";
import type { LiveInstance } from "./instance-page";
import { Check } from "./ui";

export function EventsTab(props: { live: LiveInstance }): JSX.Element {
  const { t } = useI18n();
  const { tail, setTail } = props.live;
  const [kinds, setKinds] = useState<ReadonlySet<EventKind>>(new Set(EVENT_KINDS));
  const toggle = (kind: EventKind, on: boolean) => {
    const next = new Set(kinds);
    if (on) next.add(kind);
    else next.delete(kind);
    setKinds(next);
  };
  const shown = visible(tail, kinds);
  return (
    <section class="card" aria-labelledby="events-title">
      <h2 id="events-title">{t("tab.events")}</h2>
      <fieldset>
        <legend>{t("events.filter")}</legend>
        <div class="checks">
          {EVENT_KINDS.map((kind) => (
            <Check
              key={kind}
              label={kind}
              checked={kinds.has(kind)}
              onChange={(on) => toggle(kind, on)}
            />
          ))}
        </div>
      </fieldset>
      <div class="actions">
        <button
          type="button"
          aria-pressed={tail.paused}
          onClick={() => setTail((s) => setPaused(s, !s.paused))}
        >
          {tail.paused ? t("events.resume", { count: tail.held.length }) : t("events.pause")}
        </button>
        <button type="button" onClick={() => setTail(clear)}>
          {t("events.clear")}
        </button>
      </div>
      <p class="hint" role="status">
        {tail.paused
          ? t("events.paused", { count: tail.held.length })
          : t("events.count", { count: shown.length })}
      </p>
      {shown.length === 0 ? (
        <p>{t("events.none")}</p>
      ) : (
        <ol class="tail" aria-label={t("tab.events")}>
          {[...shown].reverse().map((event) => (
            <li key={event.seq}>
              <details>
                <summary>
                  <span class="seq">#{event.seq}</span>{" "}
                  <span class={`kind kind-${event.event.replace(".", "-")}`}>{event.event}</span>{" "}
                  <span>{summarize(event)}</span>
                </summary>
                <pre>{JSON.stringify(event, null, 2)}</pre>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
