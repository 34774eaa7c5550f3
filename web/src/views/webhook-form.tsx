/** Adding or editing one webhook: label, URL, authorization, the event filter, options. */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { EVENT_KINDS, type EventKind, type WebhookView } from "../api/types";
import { useI18n } from "../i18n/i18n";
import { Check, Field } from "./ui";

export interface WebhookDraft {
  label: string;
  url: string;
  authorization: string;
  byEvents: boolean;
  events: EventKind[];
  mediaBase64: boolean;
}

export const NEW_WEBHOOK: WebhookDraft = {
  label: "",
  url: "",
  authorization: "",
  byEvents: false,
  events: [],
  mediaBase64: false,
};

export function draftOf(webhook: WebhookView): WebhookDraft {
  const { label, url, authorization, byEvents, events, mediaBase64 } = webhook;
  return { label, url, authorization, byEvents, events, mediaBase64 };
}

export function WebhookForm(props: {
  initial: WebhookDraft;
  error: string | undefined;
  onSave: (draft: WebhookDraft) => Promise<void>;
}): JSX.Element {
  const { t } = useI18n();
  const [draft, setDraft] = useState(props.initial);
  const set = (patch: Partial<WebhookDraft>) => setDraft({ ...draft, ...patch });
  const toggle = (kind: EventKind, on: boolean) =>
    set({ events: on ? [...draft.events, kind] : draft.events.filter((k) => k !== kind) });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void props.onSave(draft);
      }}
      noValidate
    >
      <div class="grid">
        <Field
          label={t("webhooks.label")}
          value={draft.label}
          onInput={(label) => set({ label })}
          hint={t("webhooks.labelHint")}
        />
        <Field
          label={t("webhooks.url")}
          type="url"
          value={draft.url}
          onInput={(url) => set({ url })}
          error={props.error}
          required
        />
        <Field
          label={t("webhooks.authorization")}
          value={draft.authorization}
          onInput={(authorization) => set({ authorization })}
          hint={t("webhooks.authorizationHint")}
        />
      </div>
      <fieldset>
        <legend>{t("webhooks.events")}</legend>
        <p class="hint">{t("webhooks.eventsHint")}</p>
        <div class="checks">
          {EVENT_KINDS.map((kind) => (
            <Check
              key={kind}
              label={kind}
              checked={draft.events.includes(kind)}
              onChange={(on) => toggle(kind, on)}
            />
          ))}
        </div>
      </fieldset>
      <Check
        label={t("webhooks.byEvents")}
        checked={draft.byEvents}
        onChange={(byEvents) => set({ byEvents })}
      />
      <Check
        label={t("webhooks.mediaBase64")}
        checked={draft.mediaBase64}
        onChange={(mediaBase64) => set({ mediaBase64 })}
      />
      <button type="submit" class="primary">
        {t("common.save")}
      </button>
    </form>
  );
}
