import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import {
  PNG_1PX,
  connectedInstance,
  inbound,
  openWs,
  waitFor,
  wsUrl,
  type Body,
} from "../events/support/helpers.js";

describe("chat endpoints (spec 6.3)", () => {
  let server: TestServer;
  let inst: { name: string; token: string; id: string; accountToken: string };
  let idle: { name: string; token: string };
  const call = (method: string, path: string, body?: unknown, who: { token: string } = inst) =>
    server.request<Body>(method, path, { token: who.token, body });
  const sendText = async (text: string, number = "5511944443333") =>
    (await call("POST", `/api/message/text/${inst.name}`, { number, message: text })).body.data
      .messageId as string;

  beforeAll(async () => {
    server = await startTestServer();
    inst = await connectedInstance(server, { websocketEnabled: true });
    idle = await server.createInstance(inst.accountToken);
  });
  afterAll(async () => {
    await server.close();
  });

  describe("DELETE /api/chat/delete", () => {
    it("revokes for everyone: a message_revoke event and a revoke in the outbox", async () => {
      const id = await sendText("oops");
      const ws = await openWs(wsUrl(server, `/ws/${inst.name}?token=${inst.token}`));
      const reply = await call("DELETE", `/api/chat/delete/${inst.name}`, {
        messageId: id,
        deleteForEveryone: true,
      });
      expect(reply.body).toEqual({
        success: true,
        message: "Message deleted successfully",
        data: { messageId: id, delete_type: "revoke" },
      });
      const frame = await waitFor(
        () => ws.frames.find((f) => f.data.type === "message_revoke"),
        "the revoke",
      );
      expect(frame.data.message).toMatchObject({
        target: { messageId: id, fromMe: true, participant: null },
      });
      const got = await call("GET", `/api/chat/getMessage/${inst.name}?messageId=${id}`);
      expect(got.body.data.revoked).toBe(true);
      await ws.close();
    });

    it("deletes for me by default", async () => {
      const id = await sendText("mine");
      const reply = await call("DELETE", `/api/chat/delete/${inst.name}`, { messageId: id });
      expect(reply.body.data.delete_type).toBe("delete_for_me");
    });

    it.each([
      [{}, 400, "MessageID is required"],
      [{ messageId: "NOPE" }, 404, "message not found"],
    ])("%j → %i %s", async (body, status, message) => {
      const reply = await call("DELETE", `/api/chat/delete/${inst.name}`, body);
      expect(reply.status).toBe(status);
      expect(reply.body).toEqual({ success: false, error: { message } });
    });

    it("503 when not connected; 400 Invalid request body for malformed JSON", async () => {
      const reply = await call("DELETE", `/api/chat/delete/${idle.name}`, { messageId: "X" }, idle);
      expect(reply.status).toBe(503);
      expect(reply.body.error.message).toBe("Instance is not connected to WhatsApp");
      const bad = await call("DELETE", `/api/chat/delete/${inst.name}`, "{oops");
      expect(bad.body).toEqual({ success: false, error: { message: "Invalid request body" } });
    });
  });

  describe("read marks and status", () => {
    it("markRead sends read receipts and status reads read", async () => {
      const incoming = await inbound(server, inst, { from: "5511933332222", text: "read me" });
      const reply = await call("POST", `/api/chat/markRead/${inst.name}`, {
        messageId: incoming.messageId,
      });
      expect(reply.body).toEqual({
        success: true,
        message: "Messages marked as read",
        data: { messageIds: [incoming.messageId] },
      });
      const status = await call(
        "GET",
        `/api/chat/status/${inst.name}?messageId=${incoming.messageId}`,
      );
      expect(status.body).toMatchObject({
        success: true,
        message_id: incoming.messageId,
        status: "read_self",
        status_code: 4,
        direction: "received",
      });
      const unknown = await call("POST", `/api/chat/markRead/${inst.name}`, { messageId: "NOPE" });
      expect(unknown.status).toBe(404);
    });

    it("markChatRead marks the chat's unread messages, once", async () => {
      const ids = [];
      for (const text of ["a", "b", "c"])
        ids.push((await inbound(server, inst, { from: "5511922221111", text })).messageId);
      const first = await call("POST", `/api/chat/markChatRead/${inst.name}`, {
        number: "5511922221111",
      });
      expect(first.body).toEqual({
        success: true,
        message: "Chat marked as read",
        data: { chat: "5511922221111@s.whatsapp.net", messageIds: [...ids].reverse() },
      });
      const again = await call("POST", `/api/chat/markChatRead/${inst.name}`, {
        number: "5511922221111",
      });
      expect(again.body.data.messageIds).toEqual([]);
      const reads = (await call("GET", `/api/sandbox/outbox/${inst.name}`)).body.outbox.filter(
        (e: Body) => e.kind === "read" && e.to === "5511922221111@s.whatsapp.net",
      );
      expect(reads).toHaveLength(1);
    });

    it("receipts move the status forward, never back", async () => {
      const id = await sendText("tracked");
      const status = async () =>
        (await call("GET", `/api/chat/status/${inst.name}?messageId=${id}`)).body;
      expect(await status()).toMatchObject({ status: "sent", status_code: 1, direction: "sent" });
      for (const receipt of ["read", "delivered"]) {
        await call("POST", `/api/sandbox/receipt/${inst.name}`, { messageId: id, status: receipt });
      }
      expect(await status()).toMatchObject({ status: "read", status_code: 4 });
    });

    it("status errors: 400, 404, and another instance's message", async () => {
      const missing = await call("GET", `/api/chat/status/${inst.name}`);
      expect(missing.body).toEqual({
        success: false,
        error: { message: "messageId query parameter is required" },
      });
      const unknown = await call("GET", `/api/chat/status/${inst.name}?messageId=NOPE`);
      expect(unknown.body).toEqual({ success: false, error: { message: "Message not found" } });
      const id = await sendText("mine only");
      const sibling = await connectedInstance(server);
      const foreign = await server.request<Body>("POST", "/api/instance/new", {
        token: inst.accountToken,
        body: { name: "sibling", provider: "sandbox" },
      });
      const other = await call("GET", `/api/chat/status/sibling?messageId=${id}`, undefined, {
        token: foreign.body.data.token,
      });
      expect(other.status).toBe(404);
      expect(other.body.error.message).toBe("Message does not belong to this instance");
      // Another account's instance does not learn that the id exists.
      const stranger = await call(
        "GET",
        `/api/chat/status/${sibling.name}?messageId=${id}`,
        undefined,
        sibling,
      );
      expect(stranger.body.error.message).toBe("Message not found");
      const noName = await call("GET", "/api/chat/status");
      expect(noName.body).toEqual({
        success: false,
        error: { message: "Instance name is required" },
      });
    });
  });

  describe("getMessage and base64", () => {
    it("returns the stored message with its status", async () => {
      const id = await sendText("stored");
      const reply = await call("GET", `/api/chat/getMessage/${inst.name}?messageId=${id}`);
      expect(reply.body).toMatchObject({
        success: true,
        message: "Message retrieved successfully",
        data: {
          id,
          type: "text",
          content: { text: "stored" },
          status: "sent",
          statusCode: 1,
          revoked: false,
        },
      });
    });

    it.each([
      ["", 400, "Message ID is required (use ?messageId=<message-id>)"],
      ["?messageId=NOPE", 404, "Message not found"],
    ])("getMessage%s → %i", async (query, status, message) => {
      const reply = await call("GET", `/api/chat/getMessage/${inst.name}${query}`);
      expect(reply.status).toBe(status);
      expect(reply.body).toEqual({ success: false, error: { message } });
    });

    it("returns stored media as base64, in snake_case", async () => {
      const sent = await inbound(server, inst, {
        from: "5511911110000",
        media: { type: "image", base64: PNG_1PX },
      });
      const reply = await call("GET", `/api/chat/base64/${inst.name}?messageId=${sent.messageId}`);
      expect(reply.body).toEqual({
        success: true,
        message: "Base64 retrieved successfully",
        message_id: sent.messageId,
        mime_type: "image/png",
        media_type: "image",
        base64: PNG_1PX,
      });
    });

    it.each([
      [`?messageId=TEXT`, 404, "Message not found or no media available"],
      ["", 400, "messageId query parameter is required"],
    ])("base64%s → %i", async (query, status, message) => {
      const reply = await call("GET", `/api/chat/base64/${inst.name}${query}`);
      expect(reply.status).toBe(status);
      expect(reply.body.error.message).toBe(message);
    });

    it("503 when not connected; 400 without the instance name", async () => {
      for (const path of ["getMessage", "base64"]) {
        const reply = await call(
          "GET",
          `/api/chat/${path}/${idle.name}?messageId=X`,
          undefined,
          idle,
        );
        expect(reply.status).toBe(503);
      }
      const noName = await call("GET", "/api/chat/base64?messageId=X");
      expect(noName.body.error.message).toBe("Instance name is required");
    });
  });
});
