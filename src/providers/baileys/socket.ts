/**
 * The seam between ponte and Baileys: the part of a Baileys socket the provider uses,
 * and the factory that makes one. Tests pass a fake built on Baileys' own types; users
 * run `makeWASocket`.
 */
import type { Agent } from "node:http";
import type { Agent as HttpsAgent } from "node:https";
import {
  Browsers,
  downloadMediaMessage,
  makeWASocket,
  type AuthenticationState,
  type BaileysEventMap,
  type SocketConfig,
  type WAMessage,
  type WASocket,
} from "@whiskeysockets/baileys";

export type BaileysLogger = SocketConfig["logger"];

export type EventBatch = Partial<BaileysEventMap>;

export interface BaileysSocket {
  ev: { process(handler: (events: EventBatch) => void | Promise<void>): () => void };
  user: WASocket["user"];
  sendMessage: WASocket["sendMessage"];
  requestPairingCode: WASocket["requestPairingCode"];
  logout: WASocket["logout"];
  end: WASocket["end"];
  readMessages: WASocket["readMessages"];
  onWhatsApp: WASocket["onWhatsApp"];
  sendPresenceUpdate: WASocket["sendPresenceUpdate"];
  profilePictureUrl: WASocket["profilePictureUrl"];
  getBusinessProfile: WASocket["getBusinessProfile"];
  rejectCall: WASocket["rejectCall"];
  chatModify: WASocket["chatModify"];
  groupMetadata: WASocket["groupMetadata"];
  updateMediaMessage: WASocket["updateMediaMessage"];
  relayMessage: WASocket["relayMessage"];
  addLabel: WASocket["addLabel"];
  addChatLabel: WASocket["addChatLabel"];
  removeChatLabel: WASocket["removeChatLabel"];
  resyncAppState: WASocket["resyncAppState"];
  star: WASocket["star"];
  updateBlockStatus: WASocket["updateBlockStatus"];
  fetchBlocklist: WASocket["fetchBlocklist"];
  fetchStatus: WASocket["fetchStatus"];
  updateProfileName: WASocket["updateProfileName"];
  updateProfileStatus: WASocket["updateProfileStatus"];
  updateProfilePicture: WASocket["updateProfilePicture"];
  removeProfilePicture: WASocket["removeProfilePicture"];
  fetchPrivacySettings: WASocket["fetchPrivacySettings"];
  updateLastSeenPrivacy: WASocket["updateLastSeenPrivacy"];
  updateStatusPrivacy: WASocket["updateStatusPrivacy"];
  updateProfilePicturePrivacy: WASocket["updateProfilePicturePrivacy"];
  updateOnlinePrivacy: WASocket["updateOnlinePrivacy"];
  updateReadReceiptsPrivacy: WASocket["updateReadReceiptsPrivacy"];
  updateCallPrivacy: WASocket["updateCallPrivacy"];
  updateGroupsAddPrivacy: WASocket["updateGroupsAddPrivacy"];
  waUploadToServer: WASocket["waUploadToServer"];
  // Groups, communities and channels (group-actions.ts, newsletter-actions.ts).
  groupCreate: WASocket["groupCreate"];
  groupFetchAllParticipating: WASocket["groupFetchAllParticipating"];
  groupGetInviteInfo: WASocket["groupGetInviteInfo"];
  groupInviteCode: WASocket["groupInviteCode"];
  groupRevokeInvite: WASocket["groupRevokeInvite"];
  groupUpdateSubject: WASocket["groupUpdateSubject"];
  groupUpdateDescription: WASocket["groupUpdateDescription"];
  groupSettingUpdate: WASocket["groupSettingUpdate"];
  groupMemberAddMode: WASocket["groupMemberAddMode"];
  groupJoinApprovalMode: WASocket["groupJoinApprovalMode"];
  groupParticipantsUpdate: WASocket["groupParticipantsUpdate"];
  groupRequestParticipantsList: WASocket["groupRequestParticipantsList"];
  groupRequestParticipantsUpdate: WASocket["groupRequestParticipantsUpdate"];
  groupAcceptInvite: WASocket["groupAcceptInvite"];
  groupLeave: WASocket["groupLeave"];
  communityCreate: WASocket["communityCreate"];
  communityLinkGroup: WASocket["communityLinkGroup"];
  communityUnlinkGroup: WASocket["communityUnlinkGroup"];
  newsletterCreate: WASocket["newsletterCreate"];
  newsletterMetadata: WASocket["newsletterMetadata"];
  newsletterFollow: WASocket["newsletterFollow"];
  newsletterUnfollow: WASocket["newsletterUnfollow"];
  /** Downloads and decrypts a message's media (asking the phone to re-upload if needed). */
  downloadMedia(message: WAMessage): Promise<Buffer>;
}

export interface SocketOptions {
  auth: AuthenticationState;
  logger: BaileysLogger;
  /** Per-instance proxy for the WebSocket and media transfers. */
  agent: Agent | undefined;
  /** Overrides WhatsApp's address (tests point it at an unreachable host). */
  waWebSocketUrl: string | undefined;
  /** Whether history sync notifications are processed (disableHistorySync, ?history=N). */
  syncHistory: boolean;
  /** keepOnlineStatus: show the device as online when it connects. */
  markOnline: boolean;
  connectTimeoutMs: number;
}

export type SocketFactory = (options: SocketOptions) => BaileysSocket;

export const makeBaileysSocket: SocketFactory = (options) => {
  // Baileys types its agent as an https.Agent, but only hands it to `ws` and to fetch,
  // which both take any http.Agent (the proxy agents extend http.Agent).
  const agent = options.agent as HttpsAgent | undefined;
  const socket = makeWASocket({
    auth: options.auth,
    logger: options.logger,
    browser: Browsers.ubuntu("ponte"),
    ...(agent !== undefined ? { agent, fetchAgent: agent } : {}),
    ...(options.waWebSocketUrl !== undefined ? { waWebSocketUrl: options.waWebSocketUrl } : {}),
    markOnlineOnConnect: options.markOnline,
    syncFullHistory: options.syncHistory,
    shouldSyncHistoryMessage: () => options.syncHistory,
    connectTimeoutMs: options.connectTimeoutMs,
    // ponte emits its own sends with their `source`; the echo is deduplicated anyway.
    emitOwnEvents: true,
  });
  return Object.assign(socket, {
    downloadMedia: (message: WAMessage) =>
      downloadMediaMessage(
        message,
        "buffer",
        {},
        { logger: options.logger, reuploadRequest: socket.updateMediaMessage },
      ),
  });
};
