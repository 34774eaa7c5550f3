/**
 * Group members on the sandbox (ryzeapi-more.md 3): adding, promoting, demoting and
 * removing them, invite links, joining, requests to join, and leaving.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../support/server.js";
import type { Body } from "../events/support/helpers.js";
import { ALICE, BRUNO, CARLA, jid, useGroupsSandbox, type GroupInstance } from "./groups-setup.js";

describe("group module (ryzeapi-more.md 3) on the sandbox", () => {
  const sandbox = useGroupsSandbox();
  const { call, error, contactGroup, groupEvents } = sandbox;
  let server: TestServer;
  let inst: GroupInstance;
  beforeAll(() => {
    ({ server, inst } = sandbox);
  });

  it("adds, promotes, demotes and removes members, one result each", async () => {
    await server.request("POST", `/api/sandbox/faults/${inst.name}`, {
      token: inst.token,
      body: { unknownNumbers: ["5511900009999"] },
    });
    const created = (await call("POST", "create", { name: "Crew", participants: [ALICE] })).body
      .group;
    const add = await call("POST", "participants", {
      action: "add",
      identifier: created.jid,
      participants: [BRUNO, ALICE, "5511900009999"],
    });
    expect(add.status).toBe(200);
    expect(add.body).toEqual({
      success: true,
      message: "1 of 3 participants added",
      groupJid: created.jid,
      action: "add",
      participants: [
        { jid: jid(BRUNO), success: true },
        { jid: jid(ALICE), success: false, error: "already a participant" },
        { jid: jid("5511900009999"), success: false, error: "number is not on WhatsApp" },
      ],
    });
    for (const action of ["promote", "demote", "remove"]) {
      const reply = await call("POST", "participants", {
        action,
        identifier: created.inviteCode,
        participants: [BRUNO],
      });
      expect(reply.body.participants).toEqual([{ jid: jid(BRUNO), success: true }]);
    }
    const info = await call("GET", `info?identifier=${created.jid}`);
    expect(info.body.group.participantCount).toBe(2);
    const flows = (await groupEvents()).filter((e) => e.groupJid === created.jid);
    expect(flows.map((e) => e.action)).toEqual(["create", "add", "promote", "demote", "remove"]);
    expect(flows[1].participants).toEqual([jid(BRUNO)]);

    const promoteInTheirs = await contactGroup({
      name: "Admins",
      owner: CARLA,
      instanceIsAdmin: true,
      members: [ALICE],
    });
    const promote = await call("POST", "participants", {
      action: "promote",
      identifier: promoteInTheirs.groupJid,
      participants: [ALICE],
    });
    expect(promote.status).toBe(403);
    expect(error(promote)).toBe("Not authorized to promote participants (must be super-admin)");
  });

  it("validates the participants body with literal messages", async () => {
    const cases: [unknown, string][] = [
      [{ identifier: "x", participants: [ALICE] }, "Action is required"],
      [
        { action: "kick", identifier: "x", participants: [ALICE] },
        "Invalid action: use add, remove, promote, demote, approve or reject",
      ],
      [{ action: "add", participants: [ALICE] }, "Identifier is required"],
      [{ action: "add", identifier: "x" }, "Participants are required"],
      [{ action: "add", identifier: "x", participants: [] }, "Participants are required"],
    ];
    for (const [body, message] of cases) {
      const reply = await call("POST", "participants", body);
      expect(reply.status).toBe(400);
      expect(error(reply)).toBe(message);
    }
    expect(error(await call("POST", "create", { participants: [ALICE] }))).toBe(
      "Group name is required",
    );
    expect(error(await call("POST", "create", { name: "x" }))).toBe("Participants are required");
    expect(error(await call("POST", "create", { name: "x", participants: ["nobody"] }))).toBe(
      "Invalid participant: nobody",
    );
    expect(error(await call("GET", "info?identifier=not%20a%20group!"))).toBe(
      "Invalid identifier: use a group JID, an invite code or an invite link",
    );
    for (const route of ["info", "requests"]) {
      const reply = await call("GET", route);
      expect(reply.status).toBe(400);
      expect(error(reply)).toBe("Identifier is required");
    }
    expect(error(await call("DELETE", "leave"))).toBe("Identifier is required");
    expect(error(await call("POST", "resetLink", {}))).toBe("Identifier is required");
  });

  it("resets the invite link: the old one then answers revoked", async () => {
    const created = (await call("POST", "create", { name: "Linked", participants: [ALICE] })).body
      .group;
    const reply = await call("POST", "resetLink", { identifier: created.jid });
    expect(reply.body).toEqual({
      success: true,
      message: "Group invite link reset successfully",
      groupJid: created.jid,
      inviteCode: reply.body.inviteCode,
      inviteLink: `https://chat.whatsapp.com/${reply.body.inviteCode}`,
    });
    expect(reply.body.inviteCode).not.toBe(created.inviteCode);
    const old = await call("POST", "join", { identifier: created.inviteLink });
    expect(old.status).toBe(400);
    expect(error(old)).toBe("Invite link has been revoked or expired");
    const info = await call("GET", `info?identifier=${created.jid}`);
    expect(info.body.group.inviteCode).toBe(reply.body.inviteCode);
  });

  it("joins by code or link, waiting for approval where the group asks for it", async () => {
    const open = await contactGroup({ name: "Open", owner: CARLA, includeInstance: false });
    const joined = await call("POST", "join", {
      identifier: `https://chat.whatsapp.com/${open.inviteCode}`,
    });
    expect(joined.body).toEqual({
      success: true,
      message: "Successfully joined the group",
      groupJid: open.groupJid,
      requiresApproval: false,
    });
    const again = await call("POST", "join", { identifier: open.inviteCode });
    expect(again.body.groupJid).toBe(open.groupJid);
    const closed = await contactGroup({
      name: "Closed",
      owner: CARLA,
      includeInstance: false,
      requireAdminApproval: true,
    });
    const pending = await call("POST", "join", { identifier: closed.inviteCode });
    expect(pending.body).toMatchObject({ groupJid: closed.groupJid, requiresApproval: true });

    const invalid = await call("POST", "join", { identifier: open.groupJid });
    expect(invalid.status).toBe(400);
    expect(error(invalid)).toBe("Invalid invite link or code");
    const unknown = await call("POST", "join", { identifier: "UnknownCode12345" });
    expect(unknown.status).toBe(400);
    expect(error(unknown)).toBe("Invalid invite link or code");
    expect(error(await call("POST", "join", {}))).toBe("Identifier is required");
  });

  it("lists requests to join, and approves or rejects them by LID or phone number", async () => {
    const created = (
      await call("POST", "create", {
        name: "Gated",
        participants: [ALICE],
        groupSettings: { requireAdminApproval: true },
      })
    ).body.group;
    const ask = (from: string, lid?: string) =>
      server.request<Body>("POST", `/api/sandbox/groups/${inst.name}`, {
        token: inst.token,
        body: { kind: "joinRequest", groupJid: created.jid, from, ...(lid ? { lid } : {}) },
      });
    const brunoLid = (await ask(BRUNO, "111222333@lid")).body.data.lid;
    await ask(CARLA, "444555666@lid");
    const list = await call("GET", `requests?identifier=${created.jid}`);
    expect(list.body).toMatchObject({
      success: true,
      message: "2 pending requests found",
      groupJid: created.jid,
      meta: { total: 2 },
    });
    expect(list.body.requests[0]).toMatchObject({ jid: brunoLid, phoneNumber: jid(BRUNO) });
    expect(list.body.requests[0].requestedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const approve = await call("POST", "participants", {
      action: "approve",
      identifier: created.jid,
      participants: [BRUNO],
    });
    expect(approve.body.participants).toEqual([{ jid: brunoLid, success: true }]);
    const reject = await call("POST", "participants", {
      action: "reject",
      identifier: created.jid,
      participants: ["444555666@lid", "999@lid"],
    });
    expect(reject.body).toMatchObject({
      message: "1 of 2 participants rejected",
      participants: [
        { jid: "444555666@lid", success: true },
        { jid: "999@lid", success: false, error: "no pending request to join" },
      ],
    });
    const after = await call("GET", `requests?identifier=${created.jid}`);
    expect(after.body).toMatchObject({ message: "0 pending requests found", requests: [] });
    const info = await call("GET", `info?identifier=${created.jid}`);
    expect(info.body.group.participants.map((p: Body) => p.jid)).toContain(jid(BRUNO));
  });

  it("leaves a group; a second leave is 404", async () => {
    const created = (await call("POST", "create", { name: "Bye", participants: [ALICE] })).body
      .group;
    const reply = await call("DELETE", `leave?identifier=${created.jid}`);
    expect(reply.body).toEqual({
      success: true,
      message: "Successfully left the group",
      groupJid: created.jid,
    });
    const again = await call("DELETE", `leave?identifier=${created.jid}`);
    expect(again.status).toBe(404);
    expect(error(again)).toBe("Group not found or you are not a member of this group");
    const flows = (await groupEvents()).filter((e) => e.groupJid === created.jid);
    expect(flows.at(-1)).toMatchObject({ action: "remove", participants: [created.createdBy] });
  });
});
