/**
 * What a closed Baileys socket means for ponte: the `instance.state` reason to report,
 * and whether to reconnect by itself. Baileys reports why a socket closed as a Boom
 * status code (its `DisconnectReason`).
 */
import { DisconnectReason } from "@whiskeysockets/baileys";
import type { ConnectionState } from "../provider.js";

export interface CloseOutcome {
  state: ConnectionState;
  reason: string;
  /** "now": restart at once (after pairing); "backoff": retry with growing delays. */
  reconnect: "now" | "backoff" | "never";
  /** Whether the stored session is void and must be wiped. */
  wipeSession: boolean;
}

export function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const output = (error as { output?: { statusCode?: unknown } }).output;
  return typeof output?.statusCode === "number" ? output.statusCode : undefined;
}

/**
 * `registered`: whether the device had completed pairing before the socket closed;
 * `sawQr`: whether WhatsApp answered at all (a QR code came) on this pairing attempt.
 */
export function closeOutcome(
  statusCode: number | undefined,
  registered: boolean,
  sawQr = false,
): CloseOutcome {
  switch (statusCode) {
    case DisconnectReason.loggedOut:
      return { state: "loggedout", reason: "logged_out", reconnect: "never", wipeSession: true };
    case DisconnectReason.restartRequired:
      return { state: "connecting", reason: "restarting", reconnect: "now", wipeSession: false };
    case DisconnectReason.forbidden:
      return {
        state: "disconnected",
        reason: "temp_banned",
        reconnect: "never",
        wipeSession: false,
      };
    case DisconnectReason.connectionReplaced:
      // Another client took the session; reconnecting would fight it for ever.
      return {
        state: "disconnected",
        reason: "connection_replaced",
        reconnect: "never",
        wipeSession: false,
      };
    case DisconnectReason.multideviceMismatch:
    case DisconnectReason.badSession:
      return {
        state: "loggedout",
        reason: "bad_session",
        reconnect: "never",
        wipeSession: true,
      };
    case undefined: // a network failure with no status
    default:
      // Before pairing there is nothing to resume: either WhatsApp was never reached, or
      // the QR or pairing code expired.
      if (!registered && !sawQr) {
        return {
          state: "disconnected",
          reason: "connection_failed",
          reconnect: "never",
          wipeSession: false,
        };
      }
      if (!registered) {
        return {
          state: "disconnected",
          reason: "qr_timeout",
          reconnect: "never",
          wipeSession: false,
        };
      }
      return {
        state: "connecting",
        reason: "reconnecting",
        reconnect: "backoff",
        wipeSession: false,
      };
  }
}

/** Reconnection waits: 1 s doubling to 60 s, jittered (src/platform/retry.ts). */
export const RECONNECT_BACKOFF = { baseMs: 1_000, capMs: 60_000 };
