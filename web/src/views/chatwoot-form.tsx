/**
 * The Chatwoot activation form: base URL, account id, API token, inbox name and the
 * four flags. An error the module returns is explained next to the field it concerns.
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useI18n, type MessageKey } from "../i18n/i18n";
import {
  classifyChatwootError,
  type ChatwootError,
  type ChatwootField,
} from "../logic/chatwoot-errors";
import { Check, Field, Notice } from "./ui";

export interface ChatwootValues {
  chatwootBaseUrl: string;
  chatwootAccountId: string;
  chatwootApiToken: string;
  inboxName: string;
  signMessages: boolean;
  ignoreGroups: boolean;
  startAsPending: boolean;
  reopenResolved: boolean;
}

const FLAGS = ["signMessages", "ignoreGroups", "startAsPending", "reopenResolved"] as const;

export function ChatwootForm(props: {
  initial: ChatwootValues;
  submitLabel: string;
  onSubmit: (values: ChatwootValues) => Promise<string | undefined>;
}): JSX.Element {
  const { t } = useI18n();
  const [values, setValues] = useState(props.initial);
  const [error, setError] = useState<ChatwootError | undefined>();
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ChatwootValues>) => setValues({ ...values, ...patch });

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const message = await props.onSubmit(values);
    setBusy(false);
    setError(message === undefined ? undefined : classifyChatwootError(message));
  };

  const fieldError = (field: ChatwootField): string | undefined => {
    if (error === undefined) return undefined;
    const problem = error.problems[field];
    if (problem !== undefined) return t("chatwoot.error.field", { problem });
    return error.fields[0] === field ? explain(error, t) : undefined;
  };
  const invalid = (field: ChatwootField) => error?.fields.includes(field) === true;
  const text = (
    field: ChatwootField,
    label: MessageKey,
    type: "url" | "number" | "password" | "text",
  ) => (
    <Field
      label={t(label)}
      name={field}
      type={type}
      value={values[field]}
      onInput={(value) => set({ [field]: value })}
      error={fieldError(field)}
      invalid={invalid(field)}
      required
    />
  );

  return (
    <form onSubmit={(e) => void submit(e)} noValidate class="chatwoot-form">
      {text("chatwootBaseUrl", "chatwoot.baseUrl", "url")}
      {text("chatwootAccountId", "chatwoot.accountId", "number")}
      {text("chatwootApiToken", "chatwoot.apiToken", "password")}
      {text("inboxName", "chatwoot.inboxName", "text")}
      <fieldset>
        <legend>{t("chatwoot.flags")}</legend>
        {FLAGS.map((flag) => (
          <Check
            key={flag}
            label={t(`chatwoot.flag.${flag}`)}
            checked={values[flag]}
            onChange={(checked) => set({ [flag]: checked })}
          />
        ))}
      </fieldset>
      {error !== undefined && error.fields.length === 0 && (
        <Notice tone="error">
          <p>{explain(error, t)}</p>
        </Notice>
      )}
      {error !== undefined && error.kind !== "invalid_body" && (
        <p class="server-text">
          {t("chatwoot.error.serverSaid")} <span lang="en">{error.message}</span>
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t("common.working") : props.submitLabel}
      </button>
    </form>
  );
}

function explain(error: ChatwootError, t: (key: MessageKey) => string): string {
  return t(`chatwoot.error.${error.kind}`);
}

export function bodyOf(values: ChatwootValues): Record<string, unknown> {
  const accountId = Number(values.chatwootAccountId);
  return {
    chatwootBaseUrl: values.chatwootBaseUrl.trim(),
    // A number when it is one; otherwise the text goes as typed and the server says why.
    chatwootAccountId:
      Number.isFinite(accountId) && values.chatwootAccountId.trim() !== ""
        ? accountId
        : values.chatwootAccountId,
    chatwootApiToken: values.chatwootApiToken,
    inboxName: values.inboxName.trim(),
    signMessages: values.signMessages,
    ignoreGroups: values.ignoreGroups,
    startAsPending: values.startAsPending,
    reopenResolved: values.reopenResolved,
  };
}
