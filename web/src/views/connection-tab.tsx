/**
 * Connecting (QR code drawn on the page, redrawn each time WhatsApp rotates it, or a
 * pairing code), reconnecting, logging out, deleting, and the instance token.
 */
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { seg } from "../api/client";
import type { ConnectAnswer } from "../api/types";
import { useI18n } from "../i18n/i18n";
import { useSignedIn } from "../session/session";
import type { LiveInstance } from "./instance-page";
import { QrCanvas } from "./qr-code";
import { TokenReveal } from "./token-reveal";
import { Confirm, Field, Notice, type NoticeTone } from "./ui";

type Pairing = { kind: "qr"; code: string } | { kind: "code"; code: string } | undefined;

export function ConnectionTab(props: { live: LiveInstance }): JSX.Element {
  const { t } = useI18n();
  const { api, session } = useSignedIn();
  const { live } = props;
  const name = live.view.name;
  const [pairing, setPairing] = useState<Pairing>();
  const [number, setNumber] = useState("");
  const [notice, setNotice] = useState<{ tone: NoticeTone; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<"logout" | "delete" | undefined>();

  const connect = async (pairingNumber?: string) => {
    setBusy(true);
    const query = pairingNumber === undefined ? "" : `?number=${encodeURIComponent(pairingNumber)}`;
    const answer = await api.get<ConnectAnswer>(`/api/instance/connect/${seg(name)}${query}`);
    setBusy(false);
    if (!answer.ok) {
      setNotice({ tone: "error", text: answer.status === 0 ? t("error.network") : answer.message });
      return;
    }
    setNotice(undefined);
    const body = answer.body;
    if (body.status === "qr") setPairing({ kind: "qr", code: body.qrCode });
    else if (body.status === "pairing") setPairing({ kind: "code", code: body.pairingCode });
    else {
      setPairing(undefined);
      setNotice({ tone: "success", text: t("connection.connected") });
    }
  };

  // WhatsApp rotates the QR code about every 20 s and says so with `qr_ready`: fetch the new one.
  useEffect(
    () =>
      live.subscribe((event) => {
        if (event.event !== "instance.state") return;
        if (event.data.state === "connected") setPairing(undefined);
        else if (event.data.reason === "qr_ready") {
          setPairing((current) => {
            if (current?.kind === "qr") void connect();
            return current;
          });
        }
      }),
    [live.subscribe],
  );

  const simple = async (method: "POST" | "DELETE", path: string, done: string) => {
    setBusy(true);
    const answer = method === "POST" ? await api.post(path) : await api.delete(path);
    setBusy(false);
    setNotice(
      answer.ok
        ? { tone: "success", text: done }
        : { tone: "error", text: answer.status === 0 ? t("error.network") : answer.message },
    );
    return answer.ok;
  };

  const remove = async () => {
    setConfirm(undefined);
    if (await simple("DELETE", `/api/instance/delete/${seg(name)}`, t("connection.deleted"))) {
      window.location.hash = "#/";
    }
  };

  const connected = live.state === "connected";
  return (
    <section class="card" aria-labelledby="connection-title">
      <h2 id="connection-title">{t("tab.connection")}</h2>
      <p>
        {connected && live.numberJid !== null
          ? t("connection.connectedAs", { number: live.numberJid.split("@")[0] ?? "" })
          : t("connection.notConnected")}
      </p>
      {notice !== undefined && <Notice tone={notice.tone}>{notice.text}</Notice>}
      {!connected && (
        <div class="stack">
          <div class="actions">
            <button type="button" class="primary" disabled={busy} onClick={() => void connect()}>
              {live.view.provider === "sandbox"
                ? t("connection.connect")
                : t("connection.connectQr")}
            </button>
          </div>
          {live.view.provider !== "sandbox" && (
            <form
              class="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                void connect(number.replace(/\D/g, ""));
              }}
            >
              <Field
                label={t("connection.pairingNumber")}
                type="tel"
                value={number}
                onInput={setNumber}
                hint={t("connection.pairingHint")}
              />
              <button type="submit" disabled={busy || number.trim() === ""}>
                {t("connection.pairingSubmit")}
              </button>
            </form>
          )}
        </div>
      )}
      {pairing?.kind === "qr" && (
        <div class="qr-box">
          <QrCanvas text={pairing.code} label={t("connection.qrLabel")} />
          <p>{t("connection.qrHelp")}</p>
        </div>
      )}
      {pairing?.kind === "code" && (
        <div class="pairing-code">
          <p>{t("connection.pairingHelp")}</p>
          <output class="code">{pairing.code}</output>
        </div>
      )}
      <div class="actions">
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void simple(
              "POST",
              `/api/instance/reconnect/${seg(name)}`,
              t("connection.reconnecting"),
            )
          }
        >
          {t("connection.reconnect")}
        </button>
        <button type="button" disabled={busy} onClick={() => setConfirm("logout")}>
          {t("connection.logout")}
        </button>
        {session.kind === "account" && (
          <button type="button" class="danger" disabled={busy} onClick={() => setConfirm("delete")}>
            {t("connection.delete")}
          </button>
        )}
      </div>
      <TokenReveal token={live.view.token} />
      <Confirm
        open={confirm === "logout"}
        title={t("connection.logoutTitle")}
        confirmLabel={t("connection.logout")}
        onCancel={() => setConfirm(undefined)}
        onConfirm={() => {
          setConfirm(undefined);
          void simple("DELETE", `/api/instance/logout/${seg(name)}`, t("connection.loggedOut"));
        }}
      >
        <p>{t("connection.logoutBody")}</p>
      </Confirm>
      <Confirm
        open={confirm === "delete"}
        title={t("connection.deleteTitle", { name })}
        confirmLabel={t("connection.delete")}
        danger
        onCancel={() => setConfirm(undefined)}
        onConfirm={() => void remove()}
      >
        <p>{t("connection.deleteBody")}</p>
      </Confirm>
    </section>
  );
}
