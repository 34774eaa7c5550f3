/**
 * Request bodies of the rich message kinds as provider content, and the text each kind
 * saves as its `content` (ryzeapi-more.md 1.2–1.9). Pure functions.
 */
import type { ContactCard } from "../../contracts/events.js";
import type { InteractiveButton, RichContent } from "../../providers/provider-messages.js";
import type { ContactCardBody, FormBody, PollBody } from "./rich-schemas.js";

/** A vCard 3.0 card; the phone carries `waid` so WhatsApp offers to message it. */
export function vcardOf(card: ContactCardBody): ContactCard {
  const digits = card.phone.replace(/\D/g, "");
  const lines = ["BEGIN:VCARD", "VERSION:3.0", `FN:${escapeVcard(card.fullName)}`];
  if (card.organization !== undefined && card.organization !== "")
    lines.push(`ORG:${escapeVcard(card.organization)};`);
  lines.push(`TEL;type=CELL;type=VOICE;waid=${digits}:+${digits}`);
  if (card.email !== undefined && card.email !== "") lines.push(`EMAIL:${card.email}`);
  if (card.url !== undefined && card.url !== "") lines.push(`URL:${card.url}`);
  lines.push("END:VCARD");
  return { name: card.fullName, vcard: lines.join("\n") };
}

function escapeVcard(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/[,;]/g, (c) => `\\${c}`)
    .replace(/\n/g, "\\n");
}

/** `📍 name\naddress\nLat: ..., Long: ...` (the lines that apply). */
export function locationText(
  latitude: number,
  longitude: number,
  name: string | undefined,
  address: string | undefined,
): string {
  const lines: string[] = [];
  if (name !== undefined && name !== "") lines.push(`📍 ${name}`);
  if (address !== undefined && address !== "") lines.push(address);
  lines.push(`Lat: ${latitude}, Long: ${longitude}`);
  if (lines.length === 1) lines[0] = `📍 ${lines[0] ?? ""}`;
  return lines.join("\n");
}

/** The question, then numbered options. */
export function pollText(question: string, options: string[]): string {
  return [question, ...options.map((option, index) => `${index + 1}. ${option}`)].join("\n");
}

/** Values below 1 become 1; above the number of options, that number. */
export function selectableCount(body: PollBody): number {
  const wanted = body.maxAnswer ?? 1;
  return Math.min(Math.max(wanted, 1), body.options.length);
}

export function buttonsOf(
  buttons: { id: string; displayText?: string | undefined; type: InteractiveButton["type"] }[],
): InteractiveButton[] {
  return buttons.map((b) => ({
    id: b.id,
    displayText: b.displayText === undefined || b.displayText === "" ? b.id : b.displayText,
    type: b.type,
  }));
}

/**
 * A form as a Native Flow "galaxy_message" button: raw `buttonParamsJSON` when sent,
 * else the built-in flow's parameters with the fields it shows (docs/messages.md).
 */
export function formContent(body: FormBody): Extract<RichContent, { kind: "form" }> {
  const buttonLabel = body.buttonLabel ?? "Fill in";
  if (body.buttonParamsJSON !== undefined) {
    return {
      kind: "form",
      text: body.message,
      buttonLabel,
      flowName: "galaxy_message",
      paramsJson: body.buttonParamsJSON,
    };
  }
  const fields = {
    fullName: body.fullNameVisible ?? true,
    phoneNumber: body.phoneNumberVisible ?? true,
    email: body.emailVisible ?? false,
    cpfOrCnpj: body.cpfOrCnpjVisible ?? false,
    deliveryAddress: body.deliveryAddressVisible ?? false,
  };
  const params = {
    flow_message_version: body.flowMessageVersion ?? String(body.messageVersion ?? 3),
    flow_token: body.flowToken ?? "",
    flow_id: body.flowId ?? "",
    flow_cta: buttonLabel,
    flow_action: "navigate",
    flow_action_payload: {
      screen: body.formType === "registration_offer" ? "REGISTRATION_OFFER" : "CONTACT_DETAILS",
      data: {
        formType: body.formType,
        fields,
        ...(body.offerName === undefined ? {} : { offerName: body.offerName }),
        ...(body.offerDescription === undefined ? {} : { offerDescription: body.offerDescription }),
      },
    },
  };
  return {
    kind: "form",
    text: body.message,
    buttonLabel,
    flowName: "galaxy_message",
    paramsJson: JSON.stringify(params),
  };
}
