/**
 * ponte's rich sends as WhatsApp content. Location, contacts and polls are ordinary
 * Baileys content. Buttons, lists, carousels, forms and PIX cards are Native Flow
 * interactive messages (the form WhatsApp still accepts from linked devices; the legacy
 * buttonsMessage/listMessage are no longer delivered), built as raw protobuf and relayed
 * with the `biz` node WhatsApp expects on them. Whether a phone renders them is
 * WhatsApp's choice (docs/messages.md): business accounts see them; for ordinary
 * accounts WhatsApp may drop or hide them.
 */
import type { AnyMessageContent, BinaryNode, proto } from "@whiskeysockets/baileys";
import type {
  CarouselCard,
  InteractiveButton,
  ListSection,
  PixItem,
  RichContent,
} from "../provider-messages.js";

type InteractiveKind = Extract<
  RichContent,
  { kind: "buttons" | "list" | "carousel" | "form" | "pix" }
>;
export type UploadedHeader = Pick<
  proto.IMessage,
  "imageMessage" | "videoMessage" | "documentMessage"
>;

/** Native Flow interactive messages go out with this node (as WhatsApp Web sends them). */
export const INTERACTIVE_NODES: BinaryNode[] = [
  {
    tag: "biz",
    attrs: {},
    content: [
      {
        tag: "interactive",
        attrs: { type: "native_flow", v: "1" },
        content: [{ tag: "native_flow", attrs: { v: "9", name: "mixed" } }],
      },
    ],
  },
];

export function isInteractive(content: RichContent): content is InteractiveKind {
  return ["buttons", "list", "carousel", "form", "pix"].includes(content.kind);
}

/** Location, contacts, poll and text stories: content Baileys builds itself. */
export function plainContent(content: Exclude<RichContent, InteractiveKind>): AnyMessageContent {
  switch (content.kind) {
    case "location":
      return {
        location: {
          degreesLatitude: content.location.latitude,
          degreesLongitude: content.location.longitude,
          ...(content.location.name === null ? {} : { name: content.location.name }),
          ...(content.location.address === null ? {} : { address: content.location.address }),
        },
      };
    case "contacts":
      return {
        contacts: {
          displayName:
            content.contacts.length === 1
              ? (content.contacts[0]?.name ?? "")
              : `${content.contacts.length} contacts`,
          contacts: content.contacts.map((card) => ({ displayName: card.name, vcard: card.vcard })),
        },
      };
    case "poll":
      return {
        poll: {
          name: content.poll.name,
          values: content.poll.options,
          selectableCount: content.poll.selectableCount,
        },
      };
    case "statusText":
      return { text: content.text };
  }
}

/** One button as a Native Flow button. */
export function flowButton(
  button: InteractiveButton,
): proto.Message.InteractiveMessage.NativeFlowMessage.INativeFlowButton {
  switch (button.type) {
    case "REPLY":
      return {
        name: "quick_reply",
        buttonParamsJson: JSON.stringify({ display_text: button.displayText, id: button.id }),
      };
    case "URL":
      return {
        name: "cta_url",
        buttonParamsJson: JSON.stringify({
          display_text: button.displayText,
          url: button.id,
          merchant_url: button.id,
        }),
      };
    case "CALL":
      return {
        name: "cta_call",
        buttonParamsJson: JSON.stringify({
          display_text: button.displayText,
          phone_number: button.id,
        }),
      };
    case "COPY":
      return {
        name: "cta_copy",
        buttonParamsJson: JSON.stringify({
          display_text: button.displayText,
          copy_code: button.id,
        }),
      };
  }
}

function listButton(
  buttonText: string,
  sections: ListSection[],
): proto.Message.InteractiveMessage.NativeFlowMessage.INativeFlowButton {
  return {
    name: "single_select",
    buttonParamsJson: JSON.stringify({ title: buttonText, sections }),
  };
}

/** PIX "copy key" card: a payment_info button with a static PIX code and the order items. */
export function pixButton(
  content: Extract<RichContent, { kind: "pix" }>,
): proto.Message.InteractiveMessage.NativeFlowMessage.INativeFlowButton {
  const cents = (value: number) => Math.round(value * 100);
  const total = content.items.reduce((sum, item) => sum + cents(item.unitPrice) * item.quantity, 0);
  return {
    name: "payment_info",
    buttonParamsJson: JSON.stringify({
      currency: "BRL",
      total_amount: { value: total, offset: 100 },
      reference_id: `ponte-${Date.now().toString(36)}`,
      type: "physical-goods",
      order: {
        status: "pending",
        subtotal: { value: total, offset: 100 },
        order_type: "ORDER",
        items: content.items.map((item: PixItem, index) => ({
          retailer_id: `item-${index + 1}`,
          name: item.name,
          amount: { value: cents(item.unitPrice), offset: 100 },
          quantity: item.quantity,
        })),
      },
      payment_settings: [
        {
          type: "pix_static_code",
          pix_static_code: {
            merchant_name: content.merchantName,
            key: content.pixKey,
            key_type: content.pixKeyType,
          },
        },
      ],
      share_payment_status: false,
    }),
  };
}

function header(
  title: string,
  subtitle: string,
  media: UploadedHeader | undefined,
): proto.Message.InteractiveMessage.IHeader {
  return {
    title,
    ...(subtitle === "" ? {} : { subtitle }),
    hasMediaAttachment: media !== undefined,
    ...(media ?? {}),
  };
}

/** The interactive message; `media` holds the uploaded header(s): one per card for carousels. */
export function interactiveMessage(
  content: InteractiveKind,
  media: (UploadedHeader | undefined)[],
): proto.IMessage {
  const body = { text: content.text };
  let interactive: proto.Message.IInteractiveMessage;
  switch (content.kind) {
    case "buttons":
      interactive = {
        body,
        footer: { text: content.footer },
        header: header(content.media === null ? content.header : "", "", media[0]),
        nativeFlowMessage: { buttons: content.buttons.map(flowButton), messageParamsJson: "" },
      };
      break;
    case "list":
      interactive = {
        body,
        footer: { text: content.footer },
        header: header(content.header, "", undefined),
        nativeFlowMessage: { buttons: [listButton(content.buttonText, content.sections)] },
      };
      break;
    case "carousel":
      interactive = {
        body,
        footer: { text: content.footer },
        carouselMessage: {
          cards: content.cards.map((card: CarouselCard, index) => ({
            header: header(card.title, card.subtitle, media[index]),
            body: { text: card.body },
            footer: { text: card.footer },
            nativeFlowMessage: { buttons: card.buttons.map(flowButton) },
          })),
          messageVersion: 1,
        },
      };
      break;
    case "form":
      interactive = {
        body,
        nativeFlowMessage: {
          buttons: [{ name: content.flowName, buttonParamsJson: content.paramsJson }],
        },
      };
      break;
    case "pix":
      interactive = { body, nativeFlowMessage: { buttons: [pixButton(content)] } };
      break;
  }
  return {
    viewOnceMessage: {
      message: {
        messageContextInfo: { deviceListMetadata: {}, deviceListMetadataVersion: 2 },
        interactiveMessage: interactive,
      },
    },
  };
}
