/**
 * The phone side of sandbox instances: what a contact sends, what the contact's phone
 * reports, what the instance sent, and the faults tests inject. Only for instances on
 * the sandbox provider, and only where this process holds the connection.
 */
import { badRequest, notFound } from "../../platform/errors.js";
import type { MessageRef } from "../../contracts/events.js";
import { bareNumber, isLidJid, phoneOf, userJid } from "../../providers/jid.js";
import type {
  SandboxConnection,
  SandboxProvider,
} from "../../providers/sandbox/sandbox-provider.js";
import type { InboundBody as PhoneBody } from "../../providers/sandbox/sandbox-messages.js";
import type { OutboxEntry, SandboxFaults } from "../../providers/sandbox/sandbox-phone.js";
import type { ConnectionManager } from "../connections/connection-manager.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import { NOT_CONNECTED } from "../messages/connection-guard.js";
import { decodeBase64, mimeFromName, sniffMime } from "../messages/media.js";
import { refOf, type StoredMessages } from "../messages/stored-messages.js";
import type { InboundBody } from "./sandbox-schemas.js";
import { unavailable } from "../../platform/errors.js";

export const SANDBOX_ONLY = "This endpoint is only available for sandbox instances";
export const MESSAGE_NOT_FOUND = "Message not found";

export class SandboxService {
  constructor(
    private readonly sandbox: SandboxProvider,
    private readonly connections: ConnectionManager,
    private readonly messages: StoredMessages,
  ) {}

  /** Delivers a contact's message; answers its id and its sequence number in the log. */
  async inbound(
    instance: InstanceRecord,
    body: InboundBody,
  ): Promise<{ messageId: string; seq: number | null }> {
    const connection = this.connection(instance);
    const sender = senderOf(body);
    const group =
      body.group === undefined ? null : { jid: groupJid(body.group), name: body.groupName ?? "" };
    const replyTo = body.replyTo === undefined ? null : await this.ref(instance, body.replyTo);
    const phoneBody = await this.body(instance, body, sender.jid);
    const message = connection.receive({
      id: body.id,
      sender: { phone: sender.phone, lid: sender.lid, name: body.pushName ?? "" },
      group,
      body: phoneBody,
      replyTo,
      mentions: (body.mentions ?? []).map((m) => userJid(bareNumber(m) ?? m)),
    });
    await this.connections.settled(instance.id);
    const stored = await this.messages.find(instance.id, message.id);
    return { messageId: message.id, seq: stored?.seq ?? null };
  }

  async receipt(
    instance: InstanceRecord,
    body: {
      messageId: string;
      status: "delivered" | "read" | "played";
      participant?: string | undefined;
    },
  ): Promise<void> {
    const connection = this.connection(instance);
    const stored = await this.messages.find(instance.id, body.messageId);
    if (stored === undefined) throw notFound(MESSAGE_NOT_FOUND);
    if (!stored.message.fromMe)
      throw badRequest("Receipts are reported for messages the instance sent");
    const ref = refOf(stored.message);
    connection.receipt(
      {
        id: ref.messageId,
        chatJid: stored.message.chat.jid,
        fromMe: true,
        participant: ref.participant,
      },
      body.status,
      body.participant ?? null,
    );
    await this.connections.settled(instance.id);
  }

  /** Saves contacts in the phone's address book; answers how many it holds. */
  saveContacts(
    instance: InstanceRecord,
    contacts: {
      number: string;
      fullName?: string | undefined;
      firstName?: string | undefined;
      businessName?: string | undefined;
      lid?: string | undefined;
    }[],
  ): number {
    requireSandbox(instance);
    const book = this.sandbox.phone(instance.id).chats.addressBook;
    for (const contact of contacts) {
      const phone = bareNumber(contact.number) ?? phoneOf(contact.number);
      if (phone === null) throw badRequest(`Not a phone number: ${contact.number}`);
      const jid = userJid(phone);
      book.set(jid, {
        jid,
        lid: contact.lid ?? null,
        firstName: contact.firstName ?? "",
        fullName: contact.fullName ?? "",
        pushName: book.get(jid)?.pushName ?? "",
        businessName: contact.businessName ?? "",
      });
    }
    return book.size;
  }

  outbox(instance: InstanceRecord, after: number | undefined): OutboxEntry[] {
    requireSandbox(instance);
    return this.sandbox.phone(instance.id).entries(after ?? 0);
  }

  setFaults(instance: InstanceRecord, patch: Partial<SandboxFaults>): SandboxFaults {
    requireSandbox(instance);
    const numbers = patch.unknownNumbers?.map((n) => bareNumber(n) ?? phoneOf(n) ?? n);
    return this.sandbox
      .phone(instance.id)
      .setFaults({ ...patch, ...(numbers === undefined ? {} : { unknownNumbers: numbers }) });
  }

  private connection(instance: InstanceRecord): SandboxConnection {
    requireSandbox(instance);
    const connection = this.sandbox.connection(instance.id);
    if (
      connection === undefined ||
      !connection.isConnected() ||
      this.connections.held(instance.id) !== connection
    ) {
      throw unavailable(NOT_CONNECTED);
    }
    return connection;
  }

  private async ref(instance: InstanceRecord, messageId: string): Promise<MessageRef> {
    const stored = await this.messages.find(instance.id, messageId);
    if (stored === undefined) throw notFound(MESSAGE_NOT_FOUND);
    return refOf(stored.message);
  }

  private async body(
    instance: InstanceRecord,
    body: InboundBody,
    senderJid: string,
  ): Promise<PhoneBody> {
    if (body.text !== undefined) return { kind: "text", text: body.text };
    if (body.media !== undefined) {
      const decoded = decodeBase64(body.media.base64);
      if (decoded === undefined) throw badRequest("media.base64 is not valid base64");
      const mimetype =
        body.media.mimeType ??
        sniffMime(decoded.bytes) ??
        decoded.mime ??
        mimeFromName(body.media.fileName) ??
        "application/octet-stream";
      return {
        kind: "media",
        media: {
          type: body.media.type,
          base64: decoded.bytes.toString("base64"),
          mimetype,
          size: decoded.bytes.length,
          fileName: body.media.fileName ?? null,
          duration: body.media.duration ?? null,
        },
        caption: body.media.caption ?? null,
      };
    }
    if (body.reaction !== undefined) {
      return {
        kind: "reaction",
        target: await this.ref(instance, body.reaction.messageId),
        emoji: body.reaction.emoji,
      };
    }
    // A contact can edit or revoke only what it sent itself, as on WhatsApp.
    const own = async (messageId: string) => {
      const target = await this.ref(instance, messageId);
      const stored = await this.messages.find(instance.id, messageId);
      const author = stored?.message.sender;
      if (target.fromMe || (author?.jid !== senderJid && author?.lid !== senderJid)) {
        throw badRequest("A contact can only edit or revoke its own messages");
      }
      return target;
    };
    if (body.edit !== undefined)
      return { kind: "edit", target: await own(body.edit.messageId), text: body.edit.text };
    if (body.revoke !== undefined)
      return { kind: "revoke", target: await own(body.revoke.messageId) };
    if (body.vote !== undefined) {
      const stored = await this.messages.find(instance.id, body.vote.messageId);
      const poll = stored?.message.content.poll;
      if (stored === undefined) throw notFound(MESSAGE_NOT_FOUND);
      if (poll === undefined) throw badRequest("vote.messageId is not a poll");
      const unknown = body.vote.options.filter((option) => !poll.options.includes(option));
      if (unknown.length > 0) throw badRequest(`Not options of this poll: ${unknown.join(", ")}`);
      return {
        kind: "vote",
        target: refOf(stored.message),
        pollName: poll.name,
        options: body.vote.options,
      };
    }
    throw badRequest("send exactly one of text, media, reaction, edit, revoke, vote");
  }
}

function requireSandbox(instance: InstanceRecord): void {
  if (instance.provider !== "sandbox") throw badRequest(SANDBOX_ONLY);
}

/** The sender as a party: a phone, an `@lid` (with its phone when given), or both. */
function senderOf(body: InboundBody): { jid: string; phone: string | null; lid: string | null } {
  const from = body.from;
  if (isLidJid(from)) {
    const phone = body.phone === undefined ? null : (bareNumber(body.phone) ?? phoneOf(body.phone));
    return { jid: phone === null ? from : userJid(phone), phone, lid: from };
  }
  const phone = bareNumber(from) ?? phoneOf(from);
  if (phone === null) throw badRequest("from must be a number, a user JID or an @lid");
  return { jid: userJid(phone), phone, lid: null };
}

function groupJid(group: string): string {
  if (group.endsWith("@g.us")) return group;
  if (/^[\d-]+$/.test(group)) return `${group}@g.us`;
  throw badRequest("group must be a group JID (…@g.us)");
}
