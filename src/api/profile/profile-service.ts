/**
 * The profile module (ryzeapi-more.md 6): this account's name, about and picture, another
 * number's public profile, and the privacy settings, all through the live connection.
 */
import sharp from "sharp";
import { badRequest, describeError } from "../../platform/errors.js";
import { bareNumber, brazilianVariants, isLidJid, phoneOf, userJid } from "../../providers/jid.js";
import type {
  PrivacyName,
  PrivacySettings,
  ProfileInfo,
} from "../../providers/provider-profile.js";
import type { ConnectionManager } from "../connections/connection-manager.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import { providerCall, requireConnection } from "../messages/connection-guard.js";
import { loadMedia } from "../messages/media.js";
import type { MediaLimits } from "../messages/message-service.js";
import type { AccountBody, PrivacyBody } from "./profile-schemas.js";

export const PICTURE_SIZE = 640;

export class ProfileService {
  constructor(
    private readonly connections: ConnectionManager,
    private readonly limits: MediaLimits,
  ) {}

  /** Own profile without `number`; otherwise the number's (both Brazilian forms tried). */
  async account(instance: InstanceRecord, number: string | undefined): Promise<ProfileInfo> {
    const connection = requireConnection(this.connections, instance);
    const wanted = number?.trim() ?? "";
    if (wanted === "") return providerCall("get profile", () => connection.profile.own());
    if (isLidJid(wanted)) return providerCall("get profile", () => connection.profile.of(wanted));
    const digits = bareNumber(wanted) ?? phoneOf(wanted);
    if (digits === null)
      throw badRequest("Invalid number: use digits in international form or a JID");
    let first: ProfileInfo | undefined;
    for (const form of brazilianVariants(digits)) {
      const found = await providerCall("get profile", () => connection.profile.of(userJid(form)));
      if (found.exists) return found;
      first ??= found;
    }
    return (
      first ?? {
        pictureUrl: null,
        name: "",
        status: "",
        phone: digits,
        jid: userJid(digits),
        lid: null,
        exists: false,
      }
    );
  }

  /** Applies what differs from the current profile; answers the fields changed. */
  async update(instance: InstanceRecord, body: AccountBody): Promise<string[]> {
    const connection = requireConnection(this.connections, instance);
    const current = await providerCall("get profile", () => connection.profile.own());
    const changed: string[] = [];
    if (body.profilePicture !== undefined) {
      const picture =
        body.profilePicture.trim() === "" ? null : await this.picture(body.profilePicture);
      if (picture !== null || current.pictureUrl !== null) {
        await providerCall("update profile picture", () => connection.profile.setPicture(picture));
        changed.push("profilePicture");
      }
    }
    if (body.profileName !== undefined && body.profileName !== current.name) {
      const name = body.profileName;
      await providerCall("update profile name", () => connection.profile.setName(name));
      changed.push("profileName");
    }
    if (body.profileStatus !== undefined && body.profileStatus !== current.status) {
      const status = body.profileStatus;
      await providerCall("update profile status", () => connection.profile.setStatus(status));
      changed.push("profileStatus");
    }
    return changed;
  }

  async privacy(instance: InstanceRecord): Promise<PrivacySettings> {
    const connection = requireConnection(this.connections, instance);
    return providerCall("get privacy settings", () => connection.profile.privacy());
  }

  /** Each setting goes to WhatsApp on its own; a failure part-way keeps those applied. */
  async updatePrivacy(instance: InstanceRecord, body: PrivacyBody): Promise<PrivacySettings> {
    const connection = requireConnection(this.connections, instance);
    const wanted = {
      ...body.visibility,
      ...body.privacy,
      ...body.permissions,
    } as Partial<PrivacySettings>;
    for (const [name, value] of Object.entries(wanted) as [PrivacyName, string | undefined][]) {
      if (value === undefined) continue;
      await providerCall("update privacy settings", () =>
        connection.profile.setPrivacy(name, value as PrivacySettings[typeof name]),
      );
    }
    return providerCall("get privacy settings", () => connection.profile.privacy());
  }

  /** A 640×640 JPEG of the picture (cropped to a square, as WhatsApp shows it). */
  private async picture(source: string): Promise<string> {
    const media = await loadMedia({ mediaUrl: source }, this.limits);
    try {
      const jpeg = await sharp(Buffer.from(media.base64, "base64"))
        .resize(PICTURE_SIZE, PICTURE_SIZE, { fit: "cover" })
        .jpeg({ quality: 85 })
        .toBuffer();
      return jpeg.toString("base64");
    } catch (error) {
      throw badRequest(`Failed to convert profile picture: ${describeError(error)}`);
    }
  }
}

/** The documented grouping of the settings. */
export function groupedSettings(settings: PrivacySettings) {
  return {
    visibility: {
      lastSeen: settings.lastSeen,
      status: settings.status,
      profile: settings.profile,
      online: settings.online,
    },
    privacy: { readReceipts: settings.readReceipts },
    permissions: { callAdd: settings.callAdd, groupAdd: settings.groupAdd },
  };
}
