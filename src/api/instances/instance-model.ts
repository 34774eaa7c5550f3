/** The instance and its configuration blocks, as the services see them. */
import type { ConnectionState, ProviderName, ProviderSettings } from "../../providers/provider.js";

export interface InstanceProfile {
  name: string;
  pictureUrl: string;
  isBusiness: boolean;
  businessName: string;
}

export interface InstanceRecord {
  id: string;
  accountId: string;
  name: string;
  provider: ProviderName;
  connectionState: ConnectionState;
  presenceStatus: string;
  numberJid: string | null;
  profile: InstanceProfile;
  hasSession: boolean;
  tokenSealed: string;
  createdAt: string;
  updatedAt: string;
}

/** The seven settings of spec 4.7; the providers apply them as they are stored. */
export type InstanceSettings = ProviderSettings;

export const DEFAULT_SETTINGS: InstanceSettings = {
  autoRejectCalls: false,
  callRejectMessage: "",
  ignoreGroupMessages: false,
  keepOnlineStatus: false,
  autoReadMessages: false,
  disableHistorySync: true,
  ignoreStatus: false,
};

export const PROXY_PROTOCOLS = ["http", "https", "socks5"] as const;

export interface ProxyConfig {
  enabled: boolean;
  host: string | null;
  port: string | null;
  protocol: (typeof PROXY_PROTOCOLS)[number] | null;
  username: string | null;
  /** Plaintext only on the way in; sealed at rest and never returned. */
  password?: string | null;
}

export interface S3Config {
  enabled: boolean;
  region: string | null;
  bucket: string | null;
  accessKey: string | null;
  secretKey?: string | null;
  endpoint: string | null;
  pathPrefix: string | null;
}

export const EMPTY_PROXY: ProxyConfig = {
  enabled: false,
  host: null,
  port: null,
  protocol: null,
  username: null,
};

export const EMPTY_S3: S3Config = {
  enabled: false,
  region: null,
  bucket: null,
  accessKey: null,
  endpoint: null,
  pathPrefix: null,
};

/** The connection's state in words a person reads (the list's `displayStatus`). */
export function displayStatus(state: ConnectionState): string {
  switch (state) {
    case "connected":
      return "Connected";
    case "connecting":
      return "Connecting";
    case "disconnected":
      return "Disconnected";
    case "loggedout":
      return "Logged out";
  }
}
