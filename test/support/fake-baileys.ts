/**
 * A fake WhatsApp behind Baileys' socket interface, built from Baileys' own types: the
 * test plays WhatsApp by emitting event batches (the same names and payloads Baileys
 * emits) and reads back every call the provider made.
 */
import { Boom } from "@hapi/boom";
import {
  DisconnectReason,
  proto,
  type AnyMessageContent,
  type BaileysEventMap,
  type WAMessage,
  type WAMessageKey,
} from "@whiskeysockets/baileys";
import type {
  BaileysSocket,
  EventBatch,
  SocketFactory,
  SocketOptions,
} from "../../src/providers/baileys/socket.js";
import type { TestServer } from "./server.js";
import { FakeGroupSocket } from "./fake-baileys-groups.js";

export interface SocketCall {
  method: string;
  args: unknown[];
}

let counter = 0;

export class FakeSocket extends FakeGroupSocket implements BaileysSocket {
  user: BaileysSocket["user"] = undefined;
  ended = false;
  /** Numbers that "have WhatsApp". */
  registeredNumbers = new Set<string>();
  private handler: ((events: EventBatch) => void | Promise<void>) | undefined;
  /** Media the fake WhatsApp serves, by message id: bytes, after an optional delay. */
  readonly media = new Map<string, { bytes: Buffer; delayMs?: number }>();

  constructor(readonly options: SocketOptions) {
    super();
  }

  ev = {
    process: (handler: (events: EventBatch) => void | Promise<void>) => {
      this.handler = handler;
      return () => {
        this.handler = undefined;
      };
    },
  };

  /**
   * Delivers one batch as Baileys' emitter does: the handler starts at once, whether or
   * not the previous batch is done. The promise settles when this batch's handling does.
   */
  emit(events: EventBatch): Promise<void> {
    return Promise.resolve(this.handler?.(events));
  }

  emitEvent<K extends keyof BaileysEventMap>(name: K, payload: BaileysEventMap[K]): Promise<void> {
    const batch: EventBatch = {};
    (batch as Record<string, unknown>)[name] = payload;
    return this.emit(batch);
  }

  /** The phone scans the QR: credentials become registered, then the socket opens. */
  async pair(phone = "5511999990000", name = "Support"): Promise<void> {
    this.options.auth.creds.registered = true;
    this.options.auth.creds.me = { id: `${phone}:7@s.whatsapp.net`, name };
    await this.emitEvent("creds.update", { registered: true, me: this.options.auth.creds.me });
    await this.open(phone, name);
  }

  async open(phone = "5511999990000", name = "Support"): Promise<void> {
    this.user = { id: `${phone}:7@s.whatsapp.net`, name, lid: "99887766554433:7@lid" };
    await this.emitEvent("connection.update", { connection: "open" });
  }

  close(statusCode: number = DisconnectReason.connectionLost): Promise<void> {
    return this.emitEvent("connection.update", {
      connection: "close",
      lastDisconnect: { error: new Boom("closed", { statusCode }), date: new Date() },
    });
  }

  callsOf(method: string): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  sendMessage: BaileysSocket["sendMessage"] = (
    jid: string,
    content: AnyMessageContent,
    options?,
  ) => {
    this.record("sendMessage", [jid, content, options]);
    counter += 1;
    const key: WAMessageKey = {
      remoteJid: jid,
      fromMe: true,
      // Baileys sends under the caller's id when one is given.
      id: options?.messageId ?? `3EB0FAKE${counter.toString().padStart(8, "0")}`,
    };
    const message = toProtoMessage(content);
    const sent: WAMessage = {
      key,
      message,
      messageTimestamp: Math.floor(Date.now() / 1000),
      status: proto.WebMessageInfo.Status.SERVER_ACK,
    };
    return Promise.resolve(sent);
  };
  requestPairingCode: BaileysSocket["requestPairingCode"] = (phone: string) => {
    this.record("requestPairingCode", [phone]);
    return Promise.resolve("ABCD1234");
  };
  logout: BaileysSocket["logout"] = () => {
    this.record("logout", []);
    return Promise.resolve();
  };
  end: BaileysSocket["end"] = () => {
    this.ended = true;
    this.record("end", []);
    return Promise.resolve();
  };
  readMessages: BaileysSocket["readMessages"] = (keys) => {
    this.record("readMessages", [keys]);
    return Promise.resolve();
  };
  onWhatsApp: BaileysSocket["onWhatsApp"] = (...numbers: string[]) => {
    this.record("onWhatsApp", numbers);
    return Promise.resolve(
      numbers.map((n) => ({ jid: `${n}@s.whatsapp.net`, exists: this.registeredNumbers.has(n) })),
    );
  };
  sendPresenceUpdate: BaileysSocket["sendPresenceUpdate"] = (type, jid) => {
    this.record("sendPresenceUpdate", [type, jid]);
    return Promise.resolve();
  };
  profilePictureUrl: BaileysSocket["profilePictureUrl"] = (jid) => {
    this.record("profilePictureUrl", [jid]);
    return Promise.resolve("https://pps.whatsapp.net/v/t61/me.jpg");
  };
  getBusinessProfile: BaileysSocket["getBusinessProfile"] = (jid) => {
    this.record("getBusinessProfile", [jid]);
    return Promise.resolve(undefined);
  };
  rejectCall: BaileysSocket["rejectCall"] = (callId, from) => {
    this.record("rejectCall", [callId, from]);
    return Promise.resolve();
  };
  chatModify: BaileysSocket["chatModify"] = (mod, jid) => {
    this.record("chatModify", [mod, jid]);
    return Promise.resolve();
  };
  groupMetadata: BaileysSocket["groupMetadata"] = (jid) => {
    if (this.world.groups.has(jid) || this.world.failures.has("groupMetadata"))
      return this.world.answer("groupMetadata", [jid], () => this.world.metadata(jid));
    this.record("groupMetadata", [jid]);
    return Promise.resolve({
      id: jid,
      subject: "Team",
      participants: [
        { id: "5511911110000@s.whatsapp.net" },
        { id: "5511922220000@s.whatsapp.net" },
      ],
    } as Awaited<ReturnType<BaileysSocket["groupMetadata"]>>);
  };
  updateMediaMessage: BaileysSocket["updateMediaMessage"] = (message) => Promise.resolve(message);
  blocklist: string[] = [];
  addLabel: BaileysSocket["addLabel"] = (jid, label) => this.recorded("addLabel", [jid, label]);
  addChatLabel: BaileysSocket["addChatLabel"] = (jid, id) =>
    this.recorded("addChatLabel", [jid, id]);
  removeChatLabel: BaileysSocket["removeChatLabel"] = (jid, id) =>
    this.recorded("removeChatLabel", [jid, id]);
  resyncAppState: BaileysSocket["resyncAppState"] = (names, initial) =>
    this.recorded("resyncAppState", [names, initial]);
  star: BaileysSocket["star"] = (jid, messages, star) =>
    this.recorded("star", [jid, messages, star]);
  updateBlockStatus: BaileysSocket["updateBlockStatus"] = (jid, action) => {
    this.blocklist =
      action === "block" ? [...this.blocklist, jid] : this.blocklist.filter((j) => j !== jid);
    return this.recorded("updateBlockStatus", [jid, action]);
  };
  fetchBlocklist: BaileysSocket["fetchBlocklist"] = () => Promise.resolve([...this.blocklist]);
  fetchStatus: BaileysSocket["fetchStatus"] = (...jids) => {
    this.record("fetchStatus", jids);
    return Promise.resolve(
      jids.map((id) => ({ id, status: { status: "Busy", setAt: new Date() } })),
    );
  };
  updateProfileName: BaileysSocket["updateProfileName"] = (name) =>
    this.recorded("updateProfileName", [name]);
  updateProfileStatus: BaileysSocket["updateProfileStatus"] = (status) =>
    this.recorded("updateProfileStatus", [status]);
  updateProfilePicture: BaileysSocket["updateProfilePicture"] = (jid, content) =>
    this.recorded("updateProfilePicture", [jid, content]);
  removeProfilePicture: BaileysSocket["removeProfilePicture"] = (jid) =>
    this.recorded("removeProfilePicture", [jid]);
  fetchPrivacySettings: BaileysSocket["fetchPrivacySettings"] = () =>
    Promise.resolve({
      last: "contacts",
      online: "match_last_seen",
      profile: "contacts",
      status: "all",
      readreceipts: "all",
      groupadd: "contacts",
      calladd: "all",
    });
  updateLastSeenPrivacy: BaileysSocket["updateLastSeenPrivacy"] = (v) =>
    this.recorded("updateLastSeenPrivacy", [v]);
  updateStatusPrivacy: BaileysSocket["updateStatusPrivacy"] = (v) =>
    this.recorded("updateStatusPrivacy", [v]);
  updateProfilePicturePrivacy: BaileysSocket["updateProfilePicturePrivacy"] = (v) =>
    this.recorded("updateProfilePicturePrivacy", [v]);
  updateOnlinePrivacy: BaileysSocket["updateOnlinePrivacy"] = (v) =>
    this.recorded("updateOnlinePrivacy", [v]);
  updateReadReceiptsPrivacy: BaileysSocket["updateReadReceiptsPrivacy"] = (v) =>
    this.recorded("updateReadReceiptsPrivacy", [v]);
  updateCallPrivacy: BaileysSocket["updateCallPrivacy"] = (v) =>
    this.recorded("updateCallPrivacy", [v]);
  updateGroupsAddPrivacy: BaileysSocket["updateGroupsAddPrivacy"] = (v) =>
    this.recorded("updateGroupsAddPrivacy", [v]);
  private recorded(method: string, args: unknown[]): Promise<void> {
    this.record(method, args);
    return Promise.resolve();
  }
  relayMessage: BaileysSocket["relayMessage"] = (jid, message, options) => {
    this.record("relayMessage", [jid, message, options]);
    return Promise.resolve(options.messageId ?? "relayed");
  };
  waUploadToServer: BaileysSocket["waUploadToServer"] = (_path, options) => {
    this.record("waUploadToServer", [options.mediaType]);
    return Promise.resolve({
      mediaUrl: "https://mmg.whatsapp.net/fake",
      directPath: "/v/fake",
      meta_hmac: "",
      ts: 0,
      fbid: 0,
    });
  };
  downloadMedia: BaileysSocket["downloadMedia"] = async (message) => {
    this.record("downloadMedia", [message.key.id]);
    const media = this.media.get(message.key.id ?? "");
    if (media === undefined) throw new Error("media expired on the fake WhatsApp");
    if (media.delayMs !== undefined)
      await new Promise((resolve) => setTimeout(resolve, media.delayMs));
    return media.bytes;
  };
}

/** What WhatsApp would echo for a send, enough for the provider's own mapping. */
function toProtoMessage(content: AnyMessageContent): proto.IMessage {
  if ("text" in content) return { extendedTextMessage: { text: content.text } };
  if ("react" in content) return { reactionMessage: content.react };
  if ("delete" in content) {
    return {
      protocolMessage: { key: content.delete, type: proto.Message.ProtocolMessage.Type.REVOKE },
    };
  }
  if ("image" in content)
    return {
      imageMessage: {
        mimetype: content.mimetype ?? "image/jpeg",
        caption: content.caption ?? null,
      },
    };
  if ("audio" in content)
    return {
      audioMessage: { mimetype: content.mimetype ?? "audio/ogg", ptt: content.ptt ?? false },
    };
  if ("document" in content)
    return { documentMessage: { mimetype: content.mimetype, fileName: content.fileName ?? null } };
  if ("video" in content) return { videoMessage: { mimetype: content.mimetype ?? "video/mp4" } };
  if ("sticker" in content) return { stickerMessage: { mimetype: "image/webp" } };
  return { conversation: "" };
}

/** A factory that remembers every socket it made; `last()` is the live one. */
export class FakeWhatsApp {
  readonly sockets: FakeSocket[] = [];
  readonly factory: SocketFactory = (options) => {
    const socket = new FakeSocket(options);
    this.sockets.push(socket);
    return socket;
  };

  last(): FakeSocket {
    const socket = this.sockets.at(-1);
    if (socket === undefined) throw new Error("no socket was made");
    return socket;
  }
}

/**
 * A new baileys instance, connected and paired on the fake WhatsApp the way a phone
 * would: connect (QR), scan, open. Returns the instance and its live socket.
 */
export async function pairedInstance(
  server: TestServer,
  whatsapp: FakeWhatsApp,
  body: Record<string, unknown> = {},
  query = "",
): Promise<{ inst: { name: string; token: string; id: string }; socket: FakeSocket }> {
  const account = await server.createAccount();
  const inst = await server.createInstance(account.token, { provider: "baileys", ...body });
  const made = whatsapp.sockets.length;
  const reply = server.request("GET", `/api/instance/connect/${inst.name}${query}`, {
    token: inst.token,
  });
  const deadline = Date.now() + 10_000;
  while (whatsapp.sockets.length === made) {
    if (Date.now() > deadline) throw new Error("no socket was made");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const socket = whatsapp.last();
  await socket.emitEvent("connection.update", { qr: "2@qr" });
  await reply;
  await socket.pair();
  await server.runtime.connections.settled(inst.id);
  return { inst, socket };
}

/** The instance's `message.exchange` events in the log, in `seq` order, once all are handled. */
export async function messageEvents(server: TestServer, instanceId: string) {
  await server.runtime.connections.settled(instanceId);
  return server.runtime.database.db
    .selectFrom("events")
    .select(["message_id", "data", "media_base64"])
    .where("instance_id", "=", instanceId)
    .where("event", "=", "message.exchange")
    .orderBy("seq")
    .execute();
}
