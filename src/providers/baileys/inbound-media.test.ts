import type { WAMessage } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import type { ExchangeMessage, MediaType } from "../../contracts/events.js";
import { mapMessage } from "./inbound-messages.js";
import {
  ANA,
  anaKey,
  bruno,
  ctx,
  fromAna,
  fromBruno,
  GROUP,
  T,
} from "./testing/inbound-fixtures.js";

const CDN = "https://mmg.whatsapp.net/v/t62.7118-24/24512345_1234567890_n.enc?ccb=11-4&mms3=true";
const KEY = new Uint8Array(32).fill(7);

interface Row {
  name: string;
  msg: WAMessage;
  expected: ExchangeMessage;
  media: MediaType;
}

const rows: Row[] = [
  {
    name: "image with caption inside a disappearing-message wrapper",
    msg: {
      key: { remoteJid: ANA.lid, remoteJidAlt: ANA.pn, fromMe: false, id: "3A0004" },
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        ephemeralMessage: {
          message: {
            imageMessage: {
              url: CDN,
              mimetype: "image/jpeg",
              caption: "o recibo",
              fileLength: 48213,
              height: 1280,
              width: 960,
              mediaKey: KEY,
              directPath: "/v/t62.7118-24/24512345_1234567890_n.enc",
              contextInfo: { expiration: 604800 },
            },
          },
        },
      },
    },
    media: "image",
    expected: fromAna("3A0004", {
      type: "image",
      content: { text: "o recibo" },
      media: {
        type: "image",
        mimetype: "image/jpeg",
        size: 48213,
        fileName: null,
        duration: null,
        url: CDN,
        s3Url: null,
      },
    }),
  },
  {
    name: "view-once video",
    msg: {
      key: {
        remoteJid: ANA.lid,
        remoteJidAlt: ANA.pn,
        fromMe: false,
        id: "3A0005",
        isViewOnce: true,
      },
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        viewOnceMessageV2: {
          message: {
            videoMessage: {
              url: CDN,
              mimetype: "video/mp4",
              fileLength: 1048576,
              seconds: 12,
              viewOnce: true,
            },
          },
        },
      },
    },
    media: "video",
    expected: fromAna("3A0005", {
      type: "video",
      media: {
        type: "video",
        mimetype: "video/mp4",
        size: 1048576,
        fileName: null,
        duration: 12,
        url: CDN,
        s3Url: null,
      },
    }),
  },
  {
    name: "voice note",
    msg: {
      key: { remoteJid: ANA.lid, remoteJidAlt: ANA.pn, fromMe: false, id: "3A0006" },
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        audioMessage: {
          url: CDN,
          mimetype: "audio/ogg; codecs=opus",
          fileLength: 9216,
          seconds: 4,
          ptt: true,
        },
      },
    },
    media: "ptt",
    expected: fromAna("3A0006", {
      type: "ptt",
      media: {
        type: "ptt",
        mimetype: "audio/ogg; codecs=opus",
        size: 9216,
        fileName: null,
        duration: 4,
        url: CDN,
        s3Url: null,
      },
    }),
  },
  {
    name: "audio file (not a voice note), MIME type left out",
    msg: {
      key: { remoteJid: ANA.lid, remoteJidAlt: ANA.pn, fromMe: false, id: "3A0007" },
      messageTimestamp: T,
      pushName: "Ana",
      message: { audioMessage: { url: CDN, fileLength: 301234, seconds: 185, ptt: false } },
    },
    media: "audio",
    expected: fromAna("3A0007", {
      type: "audio",
      media: {
        type: "audio",
        mimetype: "audio/ogg; codecs=opus",
        size: 301234,
        fileName: null,
        duration: 185,
        url: CDN,
        s3Url: null,
      },
    }),
  },
  {
    name: "document with a caption (documentWithCaptionMessage)",
    msg: {
      key: { remoteJid: ANA.lid, remoteJidAlt: ANA.pn, fromMe: false, id: "3A0008" },
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        documentWithCaptionMessage: {
          message: {
            documentMessage: {
              url: CDN,
              mimetype: "application/pdf",
              title: "Contrato",
              fileName: "contrato-2024.pdf",
              fileLength: 220443,
              pageCount: 3,
              caption: "segue o contrato",
            },
          },
        },
      },
    },
    media: "document",
    expected: fromAna("3A0008", {
      type: "document",
      content: { text: "segue o contrato" },
      media: {
        type: "document",
        mimetype: "application/pdf",
        size: 220443,
        fileName: "contrato-2024.pdf",
        duration: null,
        url: CDN,
        s3Url: null,
      },
    }),
  },
  {
    name: "sticker in a group, the author with a device suffix and no LID",
    msg: {
      key: {
        remoteJid: GROUP,
        fromMe: false,
        id: "3A0009",
        participant: "5521998765432:3@s.whatsapp.net",
      },
      messageTimestamp: T,
      pushName: "Bruno",
      message: {
        stickerMessage: { url: CDN, mimetype: "image/webp", fileLength: 18000, isAnimated: false },
      },
    },
    media: "sticker",
    expected: fromBruno("3A0009", {
      type: "sticker",
      sender: { ...bruno, lid: null },
      media: {
        type: "sticker",
        mimetype: "image/webp",
        size: 18000,
        fileName: null,
        duration: null,
        url: CDN,
        s3Url: null,
      },
    }),
  },
  {
    name: "animated (Lottie) sticker, inside the wrapper Baileys leaves on",
    msg: {
      key: anaKey("3A0012"),
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        lottieStickerMessage: {
          message: {
            stickerMessage: {
              url: CDN,
              mimetype: "application/was",
              fileLength: 30210,
              isLottie: true,
            },
          },
        },
      },
    },
    media: "sticker",
    expected: fromAna("3A0012", {
      type: "sticker",
      media: {
        type: "sticker",
        mimetype: "application/was",
        size: 30210,
        fileName: null,
        duration: null,
        url: CDN,
        s3Url: null,
      },
    }),
  },
];

describe("mapMessage: media", () => {
  it.each(rows)("$name", ({ msg, expected, media }) => {
    // The original message travels beside the event: it is what Baileys' downloadMediaMessage takes.
    expect(mapMessage(msg, ctx)).toStrictEqual({
      message: expected,
      media: { kind: media, baileysMessage: msg },
    });
  });
});
