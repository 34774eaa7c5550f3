/** Small building blocks every view uses: labelled fields, notices, a confirmation dialog. */
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { useI18n } from "../i18n/i18n";

let nextId = 0;
/** A stable id for label/description wiring. */
export function useId(prefix: string): string {
  const ref = useRef<string | undefined>(undefined);
  ref.current ??= `${prefix}-${String((nextId += 1))}`;
  return ref.current;
}

export interface FieldProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: "text" | "password" | "url" | "number" | "tel";
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  autoComplete?: string;
  name?: string;
  /** Marks the field invalid without showing a message of its own. */
  invalid?: boolean;
  describedBy?: string;
}

export function Field(props: FieldProps): JSX.Element {
  const id = useId("field");
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const described = [
    props.hint === undefined ? undefined : hintId,
    props.error === undefined ? undefined : errorId,
    props.describedBy,
  ].filter((v) => v !== undefined);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        // tsc needs the cast (Preact types password inputs apart from the others); the
        // linter's type service does not, hence the disable.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        type={(props.type ?? "text") as "text"}
        value={props.value}
        required={props.required}
        autoComplete={props.autoComplete ?? "off"}
        aria-invalid={props.error !== undefined || props.invalid === true}
        aria-describedby={described.length > 0 ? described.join(" ") : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      {props.hint !== undefined && (
        <p id={hintId} class="hint">
          {props.hint}
        </p>
      )}
      {props.error !== undefined && (
        <p id={errorId} class="field-error" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

export function Check(props: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}): JSX.Element {
  return (
    <label class="check">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <span>{props.label}</span>
    </label>
  );
}

export type NoticeTone = "info" | "success" | "error";

export function Notice(props: { tone: NoticeTone; children: ComponentChildren }): JSX.Element {
  return (
    <div class={`notice notice-${props.tone}`} role={props.tone === "error" ? "alert" : "status"}>
      {props.children}
    </div>
  );
}

/** A modal confirmation (native <dialog>: focus stays inside, Escape cancels). */
export function Confirm(props: {
  open: boolean;
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}): JSX.Element {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId("dialog");
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onCancel={props.onCancel}>
      <h2 id={titleId}>{props.title}</h2>
      <div class="dialog-body">{props.children}</div>
      <div class="actions">
        <button type="button" onClick={props.onCancel}>
          {t("common.cancel")}
        </button>
        <button
          type="button"
          class={props.danger === true ? "danger" : "primary"}
          onClick={props.onConfirm}
        >
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

export function StateBadge(props: { state: string }): JSX.Element {
  const { t } = useI18n();
  const known = ["connected", "connecting", "disconnected", "loggedout"].includes(props.state);
  const label = known
    ? t(`state.${props.state as "connected" | "connecting" | "disconnected" | "loggedout"}`)
    : props.state;
  return <span class={`badge badge-${known ? props.state : "unknown"}`}>{label}</span>;
}
