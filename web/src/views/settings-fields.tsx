/** The seven instance settings (spec 4.7) as form controls, shared by creation and the settings tab. */
import type { JSX } from "preact";
import type { Settings } from "../api/types";
import { useI18n } from "../i18n/i18n";
import { Check, Field } from "./ui";

export const DEFAULT_SETTINGS: Settings = {
  autoRejectCalls: false,
  callRejectMessage: "",
  ignoreGroupMessages: false,
  keepOnlineStatus: false,
  autoReadMessages: false,
  disableHistorySync: true,
  ignoreStatus: false,
};

const FLAGS = [
  "autoRejectCalls",
  "ignoreGroupMessages",
  "keepOnlineStatus",
  "autoReadMessages",
  "disableHistorySync",
  "ignoreStatus",
] as const;

export function SettingsFields(props: {
  value: Settings;
  onChange: (value: Settings) => void;
}): JSX.Element {
  const { t } = useI18n();
  const { value, onChange } = props;
  return (
    <fieldset>
      <legend>{t("settings.legend")}</legend>
      {FLAGS.map((flag) => (
        <Check
          key={flag}
          label={t(`settings.${flag}`)}
          checked={value[flag]}
          onChange={(checked) => onChange({ ...value, [flag]: checked })}
        />
      ))}
      <Field
        label={t("settings.callRejectMessage")}
        value={value.callRejectMessage}
        onInput={(callRejectMessage) => onChange({ ...value, callRejectMessage })}
      />
    </fieldset>
  );
}
