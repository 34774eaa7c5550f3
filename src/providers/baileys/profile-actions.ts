/**
 * Profiles and privacy through Baileys. Another account's name comes from what WhatsApp
 * synced about the contact (its push name), its "About" from a status query; pictures
 * are WhatsApp's CDN URLs, null when there is none or it is hidden.
 */
import { phoneOf } from "../jid.js";
import type {
  PrivacyName,
  PrivacySettings,
  ProfileActions,
  ProfileInfo,
} from "../provider-profile.js";
import type { BaileysChatStore } from "./chat-actions.js";
import type { BaileysSocket } from "./socket.js";

/** WhatsApp's names of the privacy settings. */
const WA_NAMES: Record<PrivacyName, string> = {
  lastSeen: "last",
  status: "status",
  profile: "profile",
  online: "online",
  readReceipts: "readreceipts",
  callAdd: "calladd",
  groupAdd: "groupadd",
};

export class BaileysProfile implements ProfileActions {
  constructor(
    private readonly socket: () => BaileysSocket,
    private readonly store: BaileysChatStore,
  ) {}

  async own(): Promise<ProfileInfo> {
    const socket = this.socket();
    const id = socket.user?.id ?? "";
    const phone = phoneOf(id);
    const jid = phone === null ? id : `${phone}@s.whatsapp.net`;
    const [pictureUrl, status] = await Promise.all([this.picture(jid), this.about(jid)]);
    return {
      pictureUrl,
      name: socket.user?.name ?? socket.user?.notify ?? "",
      status,
      phone,
      jid,
      lid: socket.user?.lid?.replace(/:\d+@/, "@") ?? null,
      exists: true,
    };
  }

  async of(jid: string): Promise<ProfileInfo> {
    const socket = this.socket();
    const phone = phoneOf(jid);
    const found = phone === null ? undefined : (await socket.onWhatsApp(phone))?.[0];
    const exists = phone === null || found?.exists === true;
    const contact = this.store.contacts.get(jid);
    if (!exists) {
      return { pictureUrl: null, name: "", status: "", phone, jid, lid: null, exists: false };
    }
    const [pictureUrl, status] = await Promise.all([this.picture(jid), this.about(jid)]);
    return {
      pictureUrl,
      name: contact?.pushName || contact?.businessName || contact?.fullName || "",
      status,
      phone,
      jid,
      lid: contact?.lid ?? null,
      exists: true,
    };
  }

  async setName(name: string): Promise<void> {
    await this.socket().updateProfileName(name);
  }

  async setStatus(status: string): Promise<void> {
    await this.socket().updateProfileStatus(status);
  }

  async setPicture(jpegBase64: string | null): Promise<void> {
    const socket = this.socket();
    const own = socket.user?.id ?? "";
    if (jpegBase64 === null) await socket.removeProfilePicture(own);
    else await socket.updateProfilePicture(own, Buffer.from(jpegBase64, "base64"));
  }

  async privacy(): Promise<PrivacySettings> {
    const raw = await this.socket().fetchPrivacySettings(true);
    const read = (name: PrivacyName, fallback: string) => raw[WA_NAMES[name]] ?? fallback;
    return {
      lastSeen: read("lastSeen", "all"),
      status: read("status", "all"),
      profile: read("profile", "all"),
      online: read("online", "all"),
      readReceipts: read("readReceipts", "all"),
      callAdd: read("callAdd", "all"),
      groupAdd: read("groupAdd", "all"),
    } as PrivacySettings;
  }

  async setPrivacy<K extends PrivacyName>(name: K, value: PrivacySettings[K]): Promise<void> {
    const socket = this.socket();
    const settings = { [name]: value } as Partial<PrivacySettings>;
    if (settings.lastSeen !== undefined) await socket.updateLastSeenPrivacy(settings.lastSeen);
    if (settings.status !== undefined) await socket.updateStatusPrivacy(settings.status);
    if (settings.profile !== undefined) await socket.updateProfilePicturePrivacy(settings.profile);
    if (settings.online !== undefined) await socket.updateOnlinePrivacy(settings.online);
    if (settings.readReceipts !== undefined)
      await socket.updateReadReceiptsPrivacy(settings.readReceipts);
    if (settings.callAdd !== undefined) await socket.updateCallPrivacy(settings.callAdd);
    if (settings.groupAdd !== undefined) await socket.updateGroupsAddPrivacy(settings.groupAdd);
  }

  /** The picture's URL, or null when there is none or it is hidden (WhatsApp answers 401/404). */
  private async picture(jid: string): Promise<string | null> {
    try {
      return (await this.socket().profilePictureUrl(jid, "image")) ?? null;
    } catch {
      return null;
    }
  }

  private async about(jid: string): Promise<string> {
    try {
      const [result] = (await this.socket().fetchStatus(jid)) ?? [];
      const status = (result?.status as { status?: string } | undefined)?.status;
      return typeof status === "string" ? status : "";
    } catch {
      return "";
    }
  }
}
