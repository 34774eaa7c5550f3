import { describe, expect, it } from "vitest";
import { Boom } from "@hapi/boom";
import { DisconnectReason } from "@whiskeysockets/baileys";
import { closeOutcome, statusCodeOf } from "./lifecycle.js";

describe("closeOutcome", () => {
  it.each([
    [DisconnectReason.loggedOut, true, "loggedout", "logged_out", "never", true],
    [DisconnectReason.restartRequired, true, "connecting", "restarting", "now", false],
    [DisconnectReason.restartRequired, false, "connecting", "restarting", "now", false],
    [DisconnectReason.forbidden, true, "disconnected", "temp_banned", "never", false],
    [
      DisconnectReason.connectionReplaced,
      true,
      "disconnected",
      "connection_replaced",
      "never",
      false,
    ],
    [DisconnectReason.badSession, true, "loggedout", "bad_session", "never", true],
    [DisconnectReason.connectionLost, true, "connecting", "reconnecting", "backoff", false],
    [DisconnectReason.connectionClosed, true, "connecting", "reconnecting", "backoff", false],
    [DisconnectReason.unavailableService, true, "connecting", "reconnecting", "backoff", false],
    [undefined, true, "connecting", "reconnecting", "backoff", false],
  ] as const)(
    "%s (registered %s) → %s/%s, reconnect %s, wipe %s",
    (code, registered, state, reason, reconnect, wipe) => {
      expect(closeOutcome(code, registered)).toEqual({
        state,
        reason,
        reconnect,
        wipeSession: wipe,
      });
    },
  );

  it("tells an expired QR from an unreachable WhatsApp before pairing", () => {
    expect(closeOutcome(DisconnectReason.timedOut, false, true)).toMatchObject({
      state: "disconnected",
      reason: "qr_timeout",
      reconnect: "never",
    });
    expect(closeOutcome(undefined, false, false)).toMatchObject({
      state: "disconnected",
      reason: "connection_failed",
      reconnect: "never",
    });
  });
});

describe("statusCodeOf", () => {
  it("reads Boom status codes and ignores anything else", () => {
    expect(statusCodeOf(new Boom("x", { statusCode: 401 }))).toBe(401);
    expect(statusCodeOf(new Error("plain"))).toBeUndefined();
    expect(statusCodeOf(undefined)).toBeUndefined();
  });
});
