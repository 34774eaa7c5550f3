/** The instance token: hidden until asked for, then copyable. */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useI18n } from "../i18n/i18n";

export function TokenReveal(props: { token: string | undefined }): JSX.Element | null {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState<boolean | undefined>();
  if (props.token === undefined) return null;
  const token = props.token;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div class="token">
      <h3>{t("token.title")}</h3>
      {shown ? (
        <div class="token-row">
          <code aria-label={t("token.title")}>{token}</code>
          <button type="button" onClick={() => void copy()}>
            {t("token.copy")}
          </button>
          <button type="button" onClick={() => setShown(false)}>
            {t("token.hide")}
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setShown(true)}>
          {t("token.show")}
        </button>
      )}
      <p role="status" class="hint">
        {copied === true ? t("token.copied") : copied === false ? t("token.copyFailed") : ""}
      </p>
    </div>
  );
}
