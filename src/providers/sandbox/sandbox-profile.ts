/**
 * The sandbox phone's profile and privacy settings, and the profiles of the contacts it
 * knows (those that wrote, and the address book). Changes are recorded in the outbox as
 * `kind: "profile"`.
 */
import { phoneOf, userJid } from "../jid.js";
import type {
  PrivacyName,
  PrivacySettings,
  ProfileActions,
  ProfileInfo,
} from "../provider-profile.js";
import type { SandboxPhone } from "./sandbox-phone.js";

export const DEFAULT_PRIVACY: PrivacySettings = {
  lastSeen: "contacts",
  status: "contacts",
  profile: "contacts",
  online: "all",
  readReceipts: "all",
  callAdd: "all",
  groupAdd: "contacts",
};

/** What the phone remembers about its own profile. */
export class SandboxProfileState {
  name: string | null = null;
  status = "";
  pictureBase64: string | null = null;
  privacy: PrivacySettings = { ...DEFAULT_PRIVACY };
}

export class SandboxProfile implements ProfileActions {
  constructor(
    private readonly phone: SandboxPhone,
    private readonly self: { jid: string; defaultName: string },
    private readonly ready: () => Promise<void>,
  ) {}

  private get state(): SandboxProfileState {
    return this.phone.profile;
  }

  async own(): Promise<ProfileInfo> {
    await this.ready();
    const { jid, defaultName } = this.self;
    return {
      pictureUrl:
        this.state.pictureBase64 === null ? null : `sandbox://profile/${phoneOf(jid) ?? ""}.jpg`,
      name: this.state.name ?? defaultName,
      status: this.state.status,
      phone: phoneOf(jid),
      jid,
      lid: null,
      exists: true,
    };
  }

  async of(jid: string): Promise<ProfileInfo> {
    await this.ready();
    const phone = phoneOf(jid);
    const exists = phone === null || this.phone.exists(phone);
    const saved = this.phone.chats.addressBook.get(jid);
    return {
      pictureUrl: null,
      name:
        phone === null
          ? this.phone.nameOf(jid)
          : this.phone.nameOf(phone) || (saved?.fullName ?? ""),
      status: "",
      phone,
      jid: phone === null ? jid : userJid(phone),
      lid: phone === null ? null : this.phone.lidOfPhone(phone),
      exists,
    };
  }

  async setName(name: string): Promise<void> {
    await this.ready();
    this.state.name = name;
    this.record({ profileName: name });
  }

  async setStatus(status: string): Promise<void> {
    await this.ready();
    this.state.status = status;
    this.record({ profileStatus: status });
  }

  async setPicture(jpegBase64: string | null): Promise<void> {
    await this.ready();
    this.state.pictureBase64 = jpegBase64;
    this.record({
      profilePicture: jpegBase64 === null ? null : { mimetype: "image/jpeg", base64: jpegBase64 },
    });
  }

  async privacy(): Promise<PrivacySettings> {
    await this.ready();
    return { ...this.state.privacy };
  }

  async setPrivacy<K extends PrivacyName>(name: K, value: PrivacySettings[K]): Promise<void> {
    await this.ready();
    this.state.privacy = { ...this.state.privacy, [name]: value };
    this.record({ [name]: value });
  }

  private record(details: Record<string, unknown>): void {
    this.phone.record({
      kind: "profile",
      to: this.self.jid,
      messageId: null,
      timestamp: new Date().toISOString(),
      details,
    });
  }
}
