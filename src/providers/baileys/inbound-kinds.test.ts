import { proto, type WAMessage } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import type { ExchangeMessage } from "../../contracts/events.js";
import { mapMessage } from "./inbound-messages.js";
import { anaKey, brunoKey, ctx, fromAna, fromBruno, SELF, T } from "./testing/inbound-fixtures.js";

const VCARD =
  "BEGIN:VCARD\nVERSION:3.0\nFN:Dr. Paulo\nTEL;type=CELL;waid=5511955554444:+55 11 95555-4444\nEND:VCARD";

interface Row {
  name: string;
  msg: WAMessage;
  expected: ExchangeMessage;
}

const rows: Row[] = [
  {
    name: "location of a place",
    msg: {
      key: anaKey("3A0107"),
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        locationMessage: {
          degreesLatitude: -23.561414,
          degreesLongitude: -46.655881,
          name: "MASP",
          address: "Av. Paulista, 1578 - Bela Vista, São Paulo",
          url: "https://masp.org.br",
        },
      },
    },
    expected: fromAna("3A0107", {
      type: "location",
      content: {
        location: {
          latitude: -23.561414,
          longitude: -46.655881,
          name: "MASP",
          address: "Av. Paulista, 1578 - Bela Vista, São Paulo",
          url: "https://masp.org.br",
          live: false,
        },
      },
    }),
  },
  {
    name: "live location with a caption",
    msg: {
      key: anaKey("3A0108"),
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        liveLocationMessage: {
          degreesLatitude: -22.9519,
          degreesLongitude: -43.2105,
          accuracyInMeters: 12,
          caption: "chegando",
          sequenceNumber: 1,
        },
      },
    },
    expected: fromAna("3A0108", {
      type: "location",
      content: {
        text: "chegando",
        location: {
          latitude: -22.9519,
          longitude: -43.2105,
          name: null,
          address: null,
          url: null,
          live: true,
        },
      },
    }),
  },
  {
    name: "one contact card",
    msg: {
      key: anaKey("3A0109"),
      messageTimestamp: T,
      pushName: "Ana",
      message: { contactMessage: { displayName: "Dr. Paulo", vcard: VCARD } },
    },
    expected: fromAna("3A0109", {
      type: "contact",
      content: { contacts: [{ name: "Dr. Paulo", vcard: VCARD }] },
    }),
  },
  {
    name: "several contact cards",
    msg: {
      key: anaKey("3A0110"),
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        contactsArrayMessage: {
          displayName: "2 contatos",
          contacts: [
            { displayName: "Dr. Paulo", vcard: VCARD },
            { displayName: "Oficina", vcard: "BEGIN:VCARD\nVERSION:3.0\nFN:Oficina\nEND:VCARD" },
          ],
        },
      },
    },
    expected: fromAna("3A0110", {
      type: "contact",
      content: {
        contacts: [
          { name: "Dr. Paulo", vcard: VCARD },
          { name: "Oficina", vcard: "BEGIN:VCARD\nVERSION:3.0\nFN:Oficina\nEND:VCARD" },
        ],
      },
    }),
  },
  {
    name: "poll (V3) in a group",
    msg: {
      key: brunoKey("3A0111"),
      messageTimestamp: T,
      pushName: "Bruno",
      message: {
        messageContextInfo: { messageSecret: new Uint8Array(32).fill(3) },
        pollCreationMessageV3: {
          name: "Almoço onde?",
          options: [
            { optionName: "Japonês" },
            { optionName: "Pizza" },
            { optionName: "Self-service" },
          ],
          selectableOptionsCount: 1,
        },
      },
    },
    expected: fromBruno("3A0111", {
      type: "poll",
      content: {
        text: "Almoço onde?",
        poll: {
          name: "Almoço onde?",
          options: ["Japonês", "Pizza", "Self-service"],
          selectableCount: 1,
        },
      },
    }),
  },
  {
    name: "list answer, quoting our list",
    msg: {
      key: anaKey("3A0112"),
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        listResponseMessage: {
          title: "Plano Pro",
          description: "R$ 99/mês",
          listType: proto.Message.ListResponseMessage.ListType.SINGLE_SELECT,
          singleSelectReply: { selectedRowId: "plan_pro" },
          contextInfo: {
            stanzaId: "3EB0715700",
            participant: SELF.pn,
            quotedMessage: { conversation: "Escolha" },
          },
        },
      },
    },
    expected: fromAna("3A0112", {
      type: "list_response",
      content: { text: "Plano Pro", selection: { id: "plan_pro", title: "Plano Pro" } },
      replyTo: { messageId: "3EB0715700", fromMe: true, participant: null },
    }),
  },
  {
    name: "buttons answer",
    msg: {
      key: anaKey("3A0113"),
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        buttonsResponseMessage: {
          selectedButtonId: "btn_yes",
          selectedDisplayText: "Sim, confirmo",
          type: proto.Message.ButtonsResponseMessage.Type.DISPLAY_TEXT,
        },
      },
    },
    expected: fromAna("3A0113", {
      type: "button_response",
      content: { text: "Sim, confirmo", selection: { id: "btn_yes", title: "Sim, confirmo" } },
    }),
  },
  {
    name: "template button answer",
    msg: {
      key: anaKey("3A0114"),
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        templateButtonReplyMessage: {
          selectedId: "track",
          selectedDisplayText: "Rastrear",
          selectedIndex: 0,
        },
      },
    },
    expected: fromAna("3A0114", {
      type: "button_response",
      content: { text: "Rastrear", selection: { id: "track", title: "Rastrear" } },
    }),
  },
  {
    name: "native-flow button answer (interactive response)",
    msg: {
      key: anaKey("3A0115"),
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        interactiveResponseMessage: {
          body: { text: "Confirmar pedido" },
          nativeFlowResponseMessage: {
            name: "quick_reply",
            paramsJson: '{"id":"confirm_order"}',
            version: 3,
          },
        },
      },
    },
    expected: fromAna("3A0115", {
      type: "button_response",
      content: {
        text: "Confirmar pedido",
        selection: { id: "confirm_order", title: "Confirmar pedido" },
      },
    }),
  },
  {
    name: "a business's buttons message is read for its text",
    msg: {
      key: anaKey("3A0116"),
      messageTimestamp: T,
      pushName: "Ana",
      message: {
        buttonsMessage: {
          contentText: "Seu pedido #123 foi enviado",
          footerText: "Loja Ana",
          buttons: [
            {
              buttonId: "track",
              buttonText: { displayText: "Rastrear" },
              type: proto.Message.ButtonsMessage.Button.Type.RESPONSE,
            },
          ],
          headerType: proto.Message.ButtonsMessage.HeaderType.EMPTY,
        },
      },
    },
    expected: fromAna("3A0116", { content: { text: "Seu pedido #123 foi enviado" } }),
  },
];

describe("mapMessage: locations, contacts, polls, list and button answers", () => {
  it.each(rows)("$name", ({ msg, expected }) => {
    expect(mapMessage(msg, ctx)).toStrictEqual({ message: expected });
  });
});
