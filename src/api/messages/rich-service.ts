/**
 * The message kinds beyond text and media (ryzeapi-more.md 1): each resolves the
 * recipient and the quote as text sends do, builds the provider content, sends it, and
 * answers from the `message.exchange` the send produced, with the kind's own
 * `messageType` and `content` text.
 */
import type { ConnectionManager } from "../connections/connection-manager.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import type { HeaderMedia, RichContent } from "../../providers/provider-messages.js";
import type { SendCommon, SentMessage } from "../../providers/provider.js";
import { providerCall, requireConnection } from "./connection-guard.js";
import { loadMedia } from "./media.js";
import {
  typing,
  type MediaLimits,
  type MessageService,
  type SendOutcome,
} from "./message-service.js";
import {
  buttonsOf,
  formContent,
  locationText,
  pollText,
  selectableCount,
  vcardOf,
} from "./rich-builders.js";
import type {
  ButtonBody,
  CarouselBody,
  ContactBody,
  FormBody,
  ListBody,
  LocationBody,
  PixBody,
  PollBody,
} from "./rich-schemas.js";

type Shared = Pick<LocationBody, "number" | "delay" | "replyTo" | "replyPrivate" | "source">;

export class RichMessageService {
  constructor(
    private readonly connections: ConnectionManager,
    private readonly sends: MessageService,
    private readonly limits: MediaLimits,
  ) {}

  location(instance: InstanceRecord, body: LocationBody): Promise<SendOutcome> {
    const { latitude, longitude } = body;
    const content: RichContent = {
      kind: "location",
      location: { latitude, longitude, name: body.name ?? null, address: body.address ?? null },
    };
    return this.send(instance, body, content, {
      message: "Location sent successfully",
      messageType: "location",
      text: locationText(latitude, longitude, body.name, body.address),
    });
  }

  async contact(instance: InstanceRecord, body: ContactBody): Promise<SendOutcome> {
    const contacts = body.vcard.map(vcardOf);
    const outcome = await this.send(
      instance,
      body,
      { kind: "contacts", contacts },
      {
        message:
          contacts.length > 1
            ? `${contacts.length} contacts sent successfully in one message`
            : "Contact sent successfully",
        messageType: "contact",
        text: contacts.map((card) => card.name).join(", "),
      },
    );
    return { ...outcome, data: { ...outcome.data, vcard: body.vcard } };
  }

  poll(instance: InstanceRecord, body: PollBody): Promise<SendOutcome> {
    const poll = {
      name: body.question,
      options: body.options,
      selectableCount: selectableCount(body),
    };
    return this.send(
      instance,
      body,
      { kind: "poll", poll },
      {
        message: "Poll sent successfully",
        messageType: "poll",
        text: pollText(body.question, body.options),
      },
    );
  }

  async button(instance: InstanceRecord, body: ButtonBody): Promise<SendOutcome> {
    requireConnection(this.connections, instance);
    const media =
      body.mediaUrl === undefined || body.mediaType === undefined
        ? null
        : await this.header(body.mediaUrl, body.mediaType);
    const content: RichContent = {
      kind: "buttons",
      text: body.contentText,
      header: body.headerText ?? "",
      footer: body.footerText ?? "",
      media,
      buttons: buttonsOf(body.buttons),
    };
    return this.send(instance, body, content, {
      message: "Buttons sent successfully",
      messageType: "buttons",
      text: body.contentText,
    });
  }

  list(instance: InstanceRecord, body: ListBody): Promise<SendOutcome> {
    const content: RichContent = {
      kind: "list",
      text: body.contentText,
      header: body.headerText ?? "",
      footer: body.footerText ?? "",
      buttonText: body.buttonText,
      sections: body.sections,
    };
    return this.send(instance, body, content, {
      message: "List sent successfully",
      messageType: "list",
      text: body.contentText,
    });
  }

  async carousel(instance: InstanceRecord, body: CarouselBody): Promise<SendOutcome> {
    requireConnection(this.connections, instance);
    const cards = [];
    for (const card of body.cards) {
      const { imageUrl, videoUrl } = card.header;
      const media =
        imageUrl !== undefined
          ? await this.header(imageUrl, "IMAGE")
          : videoUrl !== undefined
            ? await this.header(videoUrl, "VIDEO")
            : null;
      cards.push({
        title: card.header.title,
        subtitle: card.header.subtitle ?? "",
        body: card.body.text,
        footer: card.footer ?? "",
        media,
        buttons: buttonsOf(card.buttons),
      });
    }
    const n = cards.length;
    return this.send(
      instance,
      body,
      { kind: "carousel", text: body.message, footer: body.footer ?? "", cards },
      {
        message: "Carousel sent successfully",
        messageType: "interactive",
        text: `${body.message} - Carousel with ${n} card(s)`,
      },
    );
  }

  form(instance: InstanceRecord, body: FormBody): Promise<SendOutcome> {
    return this.send(instance, body, formContent(body), {
      message: "Form sent successfully",
      messageType: "interactive",
      text: body.message,
    });
  }

  pix(instance: InstanceRecord, body: PixBody): Promise<SendOutcome> {
    const content: RichContent = {
      kind: "pix",
      text: body.message,
      merchantName: body.merchantName,
      pixKey: body.pixKey,
      pixKeyType: body.pixKeyType,
      items: body.items,
    };
    return this.send(instance, body, content, {
      message: "PIX message sent successfully",
      messageType: "interactive",
      text: body.message,
    });
  }

  /** Sends one rich content and shapes the answer. */
  private async send(
    instance: InstanceRecord,
    body: Shared,
    content: RichContent,
    answer: { message: string; messageType: string; text: string },
  ): Promise<SendOutcome> {
    const connection = requireConnection(this.connections, instance);
    const common: SendCommon = await this.sends.prepare(instance, connection, body);
    await typing(connection, common.to, body.delay);
    const sent: SentMessage = await providerCall("send message", () =>
      connection.sendRich({ ...common, content }),
    );
    const data = await this.sends.answer(instance, sent.id);
    return {
      message: answer.message,
      data: { ...data, messageType: answer.messageType, content: answer.text },
    };
  }

  private async header(url: string, type: "IMAGE" | "VIDEO" | "DOCUMENT"): Promise<HeaderMedia> {
    const media = await loadMedia({ mediaUrl: url }, this.limits);
    return {
      type: type === "IMAGE" ? "image" : type === "VIDEO" ? "video" : "document",
      base64: media.base64,
      mimetype: media.mimetype,
      fileName: media.fileName,
    };
  }
}
