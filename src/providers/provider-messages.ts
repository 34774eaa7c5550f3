/**
 * The message kinds beyond text, media and reactions (spec ryzeapi-more.md 1): what the
 * API asks a provider to send, already validated and normalized. Each provider turns one
 * into its own wire form; the `message` event it emits carries the same content.
 */
import type {
  ContactCard,
  InteractiveContent,
  LocationContent,
  MessageContent,
  MessageType,
  PollContent,
} from "../contracts/events.js";
import type { MessageKey, SendCommon, SentMessage } from "./provider.js";

/** WhatsApp's font numbers for text stories, by the names clients send. */
export const STORY_FONTS: Record<string, number> = {
  system: 0,
  "sans-serif": 0,
  serif: 1,
  "norican-regular": 2,
  "bryndan-write": 3,
  "bebasneue-regular": 4,
  "oswald-heavy": 5,
};

export type InteractiveButtonType = "REPLY" | "URL" | "CALL" | "COPY";

export interface InteractiveButton {
  /** REPLY: the id sent back; URL: the link; CALL: the number; COPY: the code. */
  id: string;
  displayText: string;
  type: InteractiveButtonType;
}

/** A media header (buttons, carousel cards), already downloaded. */
export interface HeaderMedia {
  type: "image" | "video" | "document";
  base64: string;
  mimetype: string;
  fileName: string | null;
}

export interface ListSection {
  title: string;
  rows: { id: string; title: string; description: string }[];
}

export interface CarouselCard {
  title: string;
  subtitle: string;
  body: string;
  footer: string;
  media: HeaderMedia | null;
  buttons: InteractiveButton[];
}

export interface PixItem {
  name: string;
  description: string;
  quantity: number;
  unitPrice: number;
}

export type RichContent =
  | { kind: "location"; location: Omit<LocationContent, "url" | "live"> }
  | { kind: "contacts"; contacts: ContactCard[] }
  | { kind: "poll"; poll: PollContent }
  | {
      kind: "buttons";
      text: string;
      header: string;
      footer: string;
      media: HeaderMedia | null;
      buttons: InteractiveButton[];
    }
  | {
      kind: "list";
      text: string;
      header: string;
      footer: string;
      buttonText: string;
      sections: ListSection[];
    }
  | { kind: "carousel"; text: string; footer: string; cards: CarouselCard[] }
  | {
      kind: "form";
      text: string;
      buttonLabel: string;
      /** The Native Flow button's name and its JSON parameters. */
      flowName: string;
      paramsJson: string;
    }
  | {
      kind: "pix";
      text: string;
      merchantName: string;
      pixKey: string;
      pixKeyType: "CPF" | "CNPJ" | "EMAIL" | "PHONE" | "RANDOM";
      items: PixItem[];
    }
  | {
      /** A text story on `status@broadcast`. */
      kind: "statusText";
      text: string;
      backgroundColor: string | null;
      font: number | null;
    };

export interface SendRich extends SendCommon {
  content: RichContent;
}

/** What a forward re-sends: the stored message's content (and its media bytes). */
export interface SendForward {
  to: string;
  /** The content to send again, marked "Forwarded". */
  content:
    | { kind: "text"; text: string }
    | {
        kind: "media";
        mediaType: "image" | "video" | "audio" | "ptt" | "document" | "sticker";
        base64: string;
        mimetype: string;
        fileName: string | null;
        caption: string | null;
      }
    | RichContent;
}

export interface MessageSends {
  sendRich(input: SendRich): Promise<SentMessage>;
  /** Sends the content again to `to`, with WhatsApp's "Forwarded" mark. */
  forward(input: SendForward): Promise<SentMessage>;
  /** Edits the text of a message this account sent; emits a `message_edit` message event. */
  edit(key: MessageKey, text: string): Promise<SentMessage>;
}

/** The interactive content an event carries for a rich send, or undefined for the others. */
export function interactiveOf(content: RichContent): InteractiveContent | undefined {
  switch (content.kind) {
    case "buttons":
    case "list":
    case "carousel":
    case "form":
    case "pix": {
      const { kind, ...rest } = content;
      const definition = JSON.parse(JSON.stringify(rest, withoutMediaBytes)) as Record<
        string,
        unknown
      >;
      return { kind, definition };
    }
    case "location":
    case "contacts":
    case "poll":
    case "statusText":
      return undefined;
  }
}

/** Media bytes stay out of the event's definition (it would carry them twice). */
function withoutMediaBytes(key: string, value: unknown): unknown {
  return key === "base64" ? undefined : value;
}

/** The body text of a rich content, as the event's `content.text`. */
export function richText(content: RichContent): string | undefined {
  switch (content.kind) {
    case "buttons":
    case "list":
    case "carousel":
    case "form":
    case "pix":
    case "statusText":
      return content.text;
    case "location":
    case "contacts":
    case "poll":
      return undefined;
  }
}

/** The type and content of the `message` event a rich send or a forward produces. */
export interface MessageParts {
  type: MessageType;
  content: MessageContent;
}

export function richParts(content: RichContent): MessageParts {
  switch (content.kind) {
    case "location":
      return {
        type: "location",
        content: { location: { ...content.location, url: null, live: false } },
      };
    case "contacts":
      return { type: "contact", content: { contacts: content.contacts } };
    case "poll":
      return { type: "poll", content: { poll: content.poll } };
    case "statusText":
      return { type: "text", content: { text: content.text } };
    case "buttons":
    case "list":
    case "carousel":
    case "form":
    case "pix": {
      const interactive = interactiveOf(content);
      const text = richText(content);
      return {
        type: "interactive",
        content: {
          ...(text === undefined ? {} : { text }),
          ...(interactive === undefined ? {} : { interactive }),
        },
      };
    }
  }
}

export function forwardParts(content: SendForward["content"]): MessageParts {
  if (content.kind === "text") return { type: "text", content: { text: content.text } };
  if (content.kind === "media") {
    return {
      type: content.mediaType,
      content: content.caption === null ? {} : { text: content.caption },
    };
  }
  return richParts(content);
}
