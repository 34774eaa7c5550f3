/**
 * The text a WhatsApp message becomes in Chatwoot. Text and captions pass as they are;
 * kinds that Chatwoot cannot show natively become a short readable line, so an agent
 * always sees that something arrived. Attachments themselves are uploaded by the media
 * relay (a later part); until then a media message shows its kind and caption.
 */
import type { ExchangeMessage } from "../../contracts/events.js";

/** Message types that are actions on another message, not messages of their own. */
const ACTIONS = new Set(["reaction", "message_edit", "message_revoke", "poll_vote"]);

const MEDIA_LABELS: Record<string, string> = {
  image: "Image",
  video: "Video",
  audio: "Audio",
  ptt: "Voice message",
  ptv: "Video note",
  document: "Document",
  sticker: "Sticker",
};

/** The content for Chatwoot, or undefined when the message is not relayed as a message. */
export function chatwootContent(message: ExchangeMessage): string | undefined {
  if (ACTIONS.has(message.type)) return undefined;
  const body = bodyOf(message);
  if (body === undefined) return undefined;
  if (message.chat.type !== "group" || message.fromMe) return body;
  // In a group the contact is the group: name who wrote each message.
  const who =
    message.sender.name !== "" ? message.sender.name : (message.sender.phone ?? message.sender.jid);
  const phone = message.sender.phone === null ? "" : ` (+${message.sender.phone})`;
  return `**${who}${message.sender.name !== "" ? phone : ""}:**\n${body}`;
}

function bodyOf(message: ExchangeMessage): string | undefined {
  const { content } = message;
  const label = MEDIA_LABELS[message.type];
  if (label !== undefined) {
    const name = message.media?.fileName;
    const head = `[${label}${name !== null && name !== undefined ? `: ${name}` : ""}]`;
    return content.text === undefined || content.text === "" ? head : `${head}\n${content.text}`;
  }
  switch (message.type) {
    case "location": {
      const where = content.location;
      if (where === undefined) return "[Location]";
      const place = [where.name, where.address]
        .filter((part) => part !== null && part !== "")
        .join(", ");
      const map = `https://maps.google.com/?q=${where.latitude},${where.longitude}`;
      return `[${where.live ? "Live location" : "Location"}${place === "" ? "" : `: ${place}`}]\n${map}`;
    }
    case "contact":
      return (content.contacts ?? [])
        .map((card) => `[Contact: ${card.name}]\n${phonesOf(card.vcard)}`)
        .join("\n");
    case "poll": {
      const poll = content.poll;
      if (poll === undefined) return "[Poll]";
      return `[Poll] ${poll.name}\n${poll.options.map((option) => `• ${option}`).join("\n")}`;
    }
    case "list_response":
    case "button_response":
      return content.selection?.title ?? content.text;
    case "text":
    case "image":
    case "video":
    case "audio":
    case "ptt":
    case "ptv":
    case "document":
    case "sticker":
    case "reaction":
    case "message_edit":
    case "message_revoke":
    case "poll_vote":
    case "interactive": // buttons, lists, carousels, forms and PIX cards: their body text
      return content.text === undefined || content.text === "" ? undefined : content.text;
  }
}

function phonesOf(vcard: string): string {
  const phones = [...vcard.matchAll(/^TEL[^:]*:(.+)$/gim)].map((match) => match[1]?.trim() ?? "");
  return phones.filter((phone) => phone !== "").join(", ");
}
