/** HTTP routes of the message kinds beyond text, media and reactions (ryzeapi-more.md 1). */
import type { ZodType } from "zod";
import type { HttpServer } from "../../platform/http/server.js";
import { literalBody } from "../../platform/http/required-fields.js";
import { instanceOf } from "../instances/instance-guard.js";
import type { InstanceAccess } from "../instances/access.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import { instanceParams } from "../instances/instance-schemas.js";
import { sentAnswer } from "./message-routes.js";
import { sendReply } from "./message-schemas.js";
import type { SendOutcome } from "./message-service.js";
import type { MediaKindService } from "./media-kinds-service.js";
import type { RichMessageService } from "./rich-service.js";
import {
  buttonBody,
  carouselBody,
  contactBody,
  formBody,
  listBody,
  locationBody,
  pixBody,
  pollBody,
  statusBody,
  stickerBody,
} from "./rich-schemas.js";

const tags = ["message"];

type Handler<B> = (instance: InstanceRecord, body: B) => Promise<SendOutcome>;

interface Kind<B> {
  paths: string[];
  summary: string;
  body: ZodType<B>;
  handler: Handler<B>;
}

export function registerRichMessageRoutes(
  app: HttpServer,
  rich: RichMessageService,
  media: MediaKindService,
  access: InstanceAccess,
): void {
  const route = <B>(kind: Kind<B>) => {
    registerKind(app, access, kind);
  };
  route({
    paths: ["/api/message/sticker/:instance"],
    summary: "Send a sticker (any PNG/JPEG/GIF/WebP, converted to WebP 512×512)",
    body: stickerBody,
    handler: (i, b) => media.sticker(i, b),
  });
  route({
    paths: ["/api/message/location/:instance"],
    summary: "Send a location pin",
    body: locationBody,
    handler: (i, b) => rich.location(i, b),
  });
  route({
    paths: ["/api/message/contact/:instance"],
    summary: "Send one contact card or several in one message",
    body: contactBody,
    handler: (i, b) => rich.contact(i, b),
  });
  route({
    paths: ["/api/message/poll/:instance"],
    summary: "Send a poll (2–12 options)",
    body: pollBody,
    handler: (i, b) => rich.poll(i, b),
  });
  // Decision 13: clients use both spellings.
  route({
    paths: ["/api/message/button/:instance", "/api/message/buttons/:instance"],
    summary: "Send up to 3 buttons (reply, URL, call, copy)",
    body: buttonBody,
    handler: (i, b) => rich.button(i, b),
  });
  route({
    paths: ["/api/message/list/:instance"],
    summary: "Send a list menu",
    body: listBody,
    handler: (i, b) => rich.list(i, b),
  });
  route({
    paths: ["/api/message/carousel/:instance"],
    summary: "Send a carousel of cards",
    body: carouselBody,
    handler: (i, b) => rich.carousel(i, b),
  });
  route({
    paths: ["/api/message/form/:instance"],
    summary: "Send a Native Flow form",
    body: formBody,
    handler: (i, b) => rich.form(i, b),
  });
  route({
    paths: ["/api/message/pix/:instance"],
    summary: "Send a PIX card with a copy-key button",
    body: pixBody,
    handler: (i, b) => rich.pix(i, b),
  });
  route({
    paths: ["/api/message/status/:instance"],
    summary: "Post a status (story) to status@broadcast",
    body: statusBody,
    handler: (i, b) => media.status(i, b),
  });
}

function registerKind<B>(app: HttpServer, access: InstanceAccess, kind: Kind<B>): void {
  for (const path of kind.paths) {
    app.post(
      path,
      {
        config: { ...literalBody, connectionBound: true },
        schema: {
          tags,
          summary: kind.summary,
          params: instanceParams,
          body: kind.body,
          response: { 200: sendReply },
        },
      },
      async (request) => {
        const instance = await instanceOf(request, access, request.params.instance);
        // The body passed `kind.body`; the type provider cannot carry a generic schema's type.
        return sentAnswer(await kind.handler(instance, request.body as B));
      },
    );
  }
}
