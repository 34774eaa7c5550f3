import {
  type BaileysEventMap,
  type GroupMetadata,
  type WACallEvent,
} from "@whiskeysockets/baileys";
// Baileys uses this enum in `labels.association` without exporting it from its index.
import { LabelAssociationType } from "@whiskeysockets/baileys/lib/Types/LabelAssociation.js";
import { describe, expect, it } from "vitest";
import type { CallUpdateData } from "../../contracts/events.js";
import type { ProviderEvent } from "../provider.js";
import {
  callEvents,
  groupCreateEvents,
  groupParticipantsEvent,
  groupUpdateEvents,
  labelAssociationEvent,
  labelEditEvent,
} from "./inbound-events.js";
import { ANA, BRUNO, CARLA, ctx, GROUP, ISO, NOW, SELF, T } from "./testing/inbound-fixtures.js";

const NOW_ISO = NOW.toISOString();

describe("calls", () => {
  const base: WACallEvent = {
    chatId: ANA.lid,
    from: ANA.lid,
    callerPn: ANA.pn,
    id: "CALL7A1B2C3D",
    date: new Date(T * 1000),
    status: "offer",
    offline: false,
    isVideo: false,
    isGroup: false,
  };
  const call = (
    status: CallUpdateData["status"],
    more: Partial<CallUpdateData> = {},
  ): ProviderEvent => ({
    kind: "call",
    call: {
      callId: "CALL7A1B2C3D",
      status,
      from: ANA.pn,
      isVideo: false,
      isGroup: false,
      timestamp: ISO,
      ...more,
    },
  });
  const rows: { status: WACallEvent["status"]; expected: ProviderEvent[] }[] = [
    { status: "offer", expected: [call("offer")] },
    { status: "ringing", expected: [call("notification")] },
    { status: "accept", expected: [call("accepted")] },
    { status: "reject", expected: [call("rejected")] },
    { status: "timeout", expected: [call("terminated")] },
    { status: "terminate", expected: [call("terminated")] },
    { status: "relaylatency", expected: [call("latency")] },
    { status: "preaccept", expected: [] },
    { status: "transport", expected: [] },
  ];
  it.each(rows)("$status", ({ status, expected }) => {
    expect(callEvents([{ ...base, status }], ctx)).toStrictEqual(expected);
  });

  it("a group video call from a LID the connection resolves", () => {
    const offer: WACallEvent = {
      ...base,
      from: CARLA.lid,
      callerPn: undefined,
      isVideo: true,
      groupJid: GROUP,
    };
    expect(callEvents([offer], ctx)).toStrictEqual([
      call("offer", { from: CARLA.pn, isVideo: true, isGroup: true }),
    ]);
  });
});

describe("groups", () => {
  const flow = (
    action: string,
    participants: string[],
    changes: Record<string, unknown>,
    author: string | null = BRUNO.pn,
    timestamp = NOW_ISO,
  ): ProviderEvent => ({
    kind: "group",
    group: { groupJid: GROUP, action, participants, author, changes, timestamp },
  });
  const by = { id: GROUP, author: BRUNO.lid, authorPn: BRUNO.pn };
  const updates: { name: string; update: Partial<GroupMetadata>; expected: ProviderEvent[] }[] = [
    {
      name: "subject",
      update: { ...by, subject: "Equipe Vendas" },
      expected: [flow("update", [], { subject: "Equipe Vendas" })],
    },
    {
      name: "description",
      update: { ...by, desc: "Só assuntos de vendas" },
      expected: [flow("update", [], { desc: "Só assuntos de vendas" })],
    },
    {
      name: "announce (admins only write)",
      update: { ...by, announce: true },
      expected: [flow("update", [], { announce: true })],
    },
    {
      name: "restrict (admins only edit)",
      update: { ...by, restrict: false },
      expected: [flow("update", [], { restrict: false })],
    },
    {
      name: "invite link reset",
      update: { ...by, inviteCode: "Ke8a9XsT2bQ" },
      expected: [flow("update", [], { inviteCode: "Ke8a9XsT2bQ" })],
    },
    {
      name: "without an author",
      update: { id: GROUP, author: undefined, authorPn: undefined, joinApprovalMode: true },
      expected: [flow("update", [], { joinApprovalMode: true }, null)],
    },
    {
      name: "a full snapshot after fetching all groups is no change",
      update: {
        id: GROUP,
        subject: "Equipe",
        owner: BRUNO.lid,
        participants: [{ id: BRUNO.lid, admin: "superadmin" }],
      },
      expected: [],
    },
  ];
  it.each(updates)("groups.update: $name", ({ update, expected }) => {
    expect(groupUpdateEvents([update], ctx)).toStrictEqual(expected);
  });

  const actions: BaileysEventMap["group-participants.update"]["action"][] = [
    "add",
    "remove",
    "promote",
    "demote",
    "modify",
  ];
  it.each(actions)("group-participants.update: %s", (action) => {
    const update: BaileysEventMap["group-participants.update"] = {
      id: GROUP,
      author: BRUNO.lid,
      authorPn: BRUNO.pn,
      participants: [
        { id: ANA.lid, phoneNumber: ANA.pn, admin: null },
        { id: CARLA.lid, admin: null },
      ],
      action,
    };
    expect(groupParticipantsEvent(update, ctx)).toStrictEqual(flow(action, [ANA.pn, CARLA.pn], {}));
  });

  it("groups.upsert: a group we were put in", () => {
    const group: GroupMetadata = {
      id: GROUP,
      subject: "Equipe",
      owner: BRUNO.lid,
      ownerPn: BRUNO.pn,
      creation: T,
      desc: "Time comercial",
      participants: [
        { id: BRUNO.lid, phoneNumber: BRUNO.pn, admin: "superadmin" },
        { id: SELF.lid, phoneNumber: SELF.pn, admin: null },
      ],
    };
    expect(groupCreateEvents([group], ctx)).toStrictEqual([
      flow(
        "create",
        [BRUNO.pn, SELF.pn],
        { subject: "Equipe", desc: "Time comercial" },
        BRUNO.pn,
        ISO,
      ),
    ]);
  });
});

describe("labels", () => {
  const label = (action: string, more: object): ProviderEvent => ({
    kind: "label",
    label: {
      labelId: "5",
      action,
      name: null,
      color: null,
      chatJid: null,
      messageId: null,
      timestamp: NOW_ISO,
      ...more,
    },
  });
  it.each([
    { deleted: false, action: "edit" },
    { deleted: true, action: "delete" },
  ])("labels.edit, deleted=$deleted → $action", ({ deleted, action }) => {
    const edit: BaileysEventMap["labels.edit"] = {
      id: "5",
      name: "Cliente VIP",
      color: 3,
      deleted,
      predefinedId: undefined,
    };
    expect(labelEditEvent(edit, ctx)).toStrictEqual(
      label(action, { name: "Cliente VIP", color: 3 }),
    );
  });

  it("labels.association on a chat and on a message", () => {
    const chat: BaileysEventMap["labels.association"] = {
      type: "add",
      association: { type: LabelAssociationType.Chat, chatId: ANA.pn, labelId: "5" },
    };
    const message: BaileysEventMap["labels.association"] = {
      type: "remove",
      association: {
        type: LabelAssociationType.Message,
        chatId: ANA.pn,
        messageId: "3A0500",
        labelId: "5",
      },
    };
    expect(labelAssociationEvent(chat, ctx)).toStrictEqual(label("add", { chatJid: ANA.pn }));
    expect(labelAssociationEvent(message, ctx)).toStrictEqual(
      label("remove", { chatJid: ANA.pn, messageId: "3A0500" }),
    );
  });
});
