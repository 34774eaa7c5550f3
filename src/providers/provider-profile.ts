/**
 * Profiles and privacy on a live connection (ryzeapi-more.md 6): this account's name,
 * about text and picture, another number's public profile, and the privacy settings.
 */
export interface ProfileInfo {
  /** WhatsApp's CDN URL; null without a picture, or when it is hidden from this account. */
  pictureUrl: string | null;
  /** Push name or business name; "" when unknown. */
  name: string;
  /** The "About" text; "" when hidden or unset. */
  status: string;
  phone: string | null;
  jid: string;
  lid: string | null;
  /** Whether the number has a WhatsApp account. */
  exists: boolean;
}

export const PRIVACY_VALUES = {
  lastSeen: ["all", "contacts", "contact_blacklist", "none"],
  status: ["all", "contacts", "contact_blacklist", "none"],
  profile: ["all", "contacts", "contact_blacklist", "none"],
  online: ["all", "match_last_seen"],
  readReceipts: ["all", "none"],
  callAdd: ["all", "known"],
  groupAdd: ["all", "contacts", "contact_blacklist"],
} as const;

export type PrivacyName = keyof typeof PRIVACY_VALUES;
export type PrivacySettings = { [K in PrivacyName]: (typeof PRIVACY_VALUES)[K][number] };

export interface ProfileActions {
  own(): Promise<ProfileInfo>;
  /** Another account's public profile, by user JID (already resolved) or `@lid`. */
  of(jid: string): Promise<ProfileInfo>;
  setName(name: string): Promise<void>;
  setStatus(status: string): Promise<void>;
  /** A 640×640 JPEG, base64; null removes the picture. */
  setPicture(jpegBase64: string | null): Promise<void>;
  privacy(): Promise<PrivacySettings>;
  /** Changes one setting (WhatsApp takes them one at a time). */
  setPrivacy<K extends PrivacyName>(name: K, value: PrivacySettings[K]): Promise<void>;
}
