/**
 * The sandbox phone: the user plays a customer who writes to the instance (text or an
 * image, through /api/sandbox/inbound), sees the agent's replies arrive from the event
 * stream, and the customer's phone reports each reply read (/api/sandbox/receipt), as a
 * phone with the chat open would.
 */
import type { JSX } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { seg } from "../api/client";
import { useI18n } from "../i18n/i18n";
import { applyEvent, digitsOf, type Bubble } from "../logic/conversation";
import { useSignedIn } from "../session/session";
import type { LiveInstance } from "./instance-page";
import { Field, Notice } from "./ui";

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const result = typeof reader.result === "string" ? reader.result : "";
      resolve(result.slice(result.indexOf(",") + 1));
    };
    reader.onerror = () => reject(new Error("the file could not be read"));
    reader.readAsDataURL(file);
  });
}

export function PhoneTab(props: { live: LiveInstance }): JSX.Element {
  const { t, locale } = useI18n();
  const { api } = useSignedIn();
  const name = seg(props.live.view.name);
  const [customer, setCustomer] = useState("5511999990000");
  const [pushName, setPushName] = useState("Customer");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>();
  const fileRef = useRef<HTMLInputElement>(null);
  const chat = useMemo(
    () => props.live.history.reduce<Bubble[]>((c, e) => applyEvent(c, e, customer), []),
    [props.live.history, customer],
  );

  // The customer's phone reads each agent reply once it is on screen.
  const receipted = useRef(new Set<string>());
  useEffect(() => {
    for (const bubble of chat) {
      if (bubble.side !== "agent" || receipted.current.has(bubble.id)) continue;
      receipted.current.add(bubble.id);
      void api.post(`/api/sandbox/receipt/${name}`, { messageId: bubble.id, status: "read" });
    }
  }, [chat]);

  const inbound = async (body: Record<string, unknown>) => {
    const answer = await api.post(`/api/sandbox/inbound/${name}`, {
      from: digitsOf(customer),
      pushName,
      ...body,
    });
    setError(answer.ok ? undefined : answer.message);
    return answer.ok;
  };
  const send = async (event: Event) => {
    event.preventDefault();
    if (text.trim() === "") return;
    if (await inbound({ text })) setText("");
  };
  const sendImage = async () => {
    const file = fileRef.current?.files?.[0];
    if (file === undefined) return;
    const base64 = await readBase64(file);
    await inbound({
      media: { type: "image", base64, mimeType: file.type || undefined, fileName: file.name },
    });
    if (fileRef.current !== null) fileRef.current.value = "";
  };

  const disconnected = props.live.state !== "connected";
  return (
    <section class="card phone" aria-labelledby="phone-title">
      <h2 id="phone-title">{t("tab.phone")}</h2>
      <p class="hint">{t("phone.intro")}</p>
      {disconnected && <Notice tone="info">{t("phone.connectFirst")}</Notice>}
      <div class="grid">
        <Field label={t("phone.customer")} type="tel" value={customer} onInput={setCustomer} />
        <Field label={t("phone.pushName")} value={pushName} onInput={setPushName} />
      </div>
      <ol class="chat" aria-label={t("phone.chat")} aria-live="polite">
        {chat.length === 0 && <li class="chat-empty">{t("phone.empty")}</li>}
        {chat.map((bubble) => (
          <li key={bubble.id} class={`bubble bubble-${bubble.side}`}>
            <span class="sr-only">
              {bubble.side === "customer" ? t("phone.you") : t("phone.agent")}
            </span>
            {bubble.media !== undefined && <span class="media">[{bubble.media}]</span>}
            {bubble.text !== "" && <span class="text">{bubble.text}</span>}
            <span class="meta">
              {new Date(bubble.timestamp).toLocaleTimeString(locale)} · {t(statusKey(bubble))}
            </span>
          </li>
        ))}
      </ol>
      {error !== undefined && <Notice tone="error">{error}</Notice>}
      <form class="composer" onSubmit={(e) => void send(e)}>
        <label for="phone-text" class="sr-only">
          {t("phone.message")}
        </label>
        <input
          id="phone-text"
          value={text}
          placeholder={t("phone.message")}
          onInput={(e) => setText(e.currentTarget.value)}
          disabled={disconnected}
        />
        <button type="submit" class="primary" disabled={disconnected}>
          {t("phone.send")}
        </button>
      </form>
      <div class="field">
        <label for="phone-image">{t("phone.image")}</label>
        <input
          id="phone-image"
          ref={fileRef}
          type="file"
          accept="image/*"
          disabled={disconnected}
          onChange={() => void sendImage()}
        />
      </div>
    </section>
  );
}

function statusKey(bubble: Bubble) {
  switch (bubble.status) {
    case "read":
    case "read_self":
    case "played":
    case "played_self":
      return "phone.status.read" as const;
    case "delivered":
      return "phone.status.delivered" as const;
    case "received":
      return "phone.status.received" as const;
    default:
      return "phone.status.sent" as const;
  }
}
