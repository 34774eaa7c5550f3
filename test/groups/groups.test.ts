import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { PNG_1PX, connectedInstance, type Body } from "../events/support/helpers.js";

const ALICE = "5511911110001";
const BRUNO = "5511922220002";
const CARLA = "5511933330003";
const jid = (number: string) => `${number}@s.whatsapp.net`;

describe("group module (ryzeapi-more.md 3) on the sandbox", () => {
  let server: TestServer;
  let inst: { name: string; token: string; id: string; accountToken: string };
  const call = (method: string, route: string, body?: unknown, token = inst.token) => {
    const [path, query] = route.split("?");
    const url = `/api/group/${path}/${inst.name}${query === undefined ? "" : `?${query}`}`;
    return server.request<Body>(method, url, { token, body });
  };
  const error = (reply: { body: Body }) => reply.body.error?.message as string;
  /** A contact makes a group on the sandbox phone. */
  const contactGroup = async (body: Record<string, unknown>) => {
    const reply = await server.request<Body>("POST", `/api/sandbox/groups/${inst.name}`, {
      token: inst.token,
      body: { kind: "group", ...body },
    });
    expect(reply.status).toBe(200);
    return reply.body.data as { groupJid: string; inviteCode: string };
  };
  const groupEvents = async () => {
    await server.runtime.connections.settled(inst.id);
    const rows = await server.runtime.database.db
      .selectFrom("events")
      .select(["data"])
      .where("instance_id", "=", inst.id)
      .where("event", "=", "group.flow")
      .orderBy("seq")
      .execute();
    return rows.map((row) => (typeof row.data === "string" ? JSON.parse(row.data) : row.data));
  };

  beforeAll(async () => {
    server = await startTestServer();
    inst = await connectedInstance(server);
  });
  afterAll(async () => {
    await server.close();
  });

  it("creates a group with description, picture and settings, and lists it", async () => {
    const reply = await call("POST", "create", {
      name: "Support team",
      participants: [ALICE, jid(BRUNO)],
      description: "Where we help",
      image: `data:image/png;base64,${PNG_1PX}`,
      groupSettings: { membersCanSendMessages: false },
    });
    expect(reply.status).toBe(201);
    const group = reply.body.group;
    expect(reply.body).toMatchObject({ success: true, message: "Group created successfully" });
    expect(group).toMatchObject({
      name: "Support team",
      description: "Where we help",
      participantCount: 3,
      groupSettings: {
        membersCanEditInfo: true,
        membersCanSendMessages: false,
        membersCanAddOthers: false,
        requireAdminApproval: false,
      },
    });
    expect(group.jid).toMatch(/^\d+@g\.us$/);
    expect(group.inviteLink).toBe(`https://chat.whatsapp.com/${group.inviteCode}`);
    expect(group.participants).toContainEqual({
      jid: jid(ALICE),
      lid: null,
      isAdmin: false,
      isSuperAdmin: false,
    });
    const own = group.participants.find((p: Body) => p.isSuperAdmin);
    expect(own.jid).toBe(group.createdBy);

    const list = await call("GET", "list");
    expect(list.body).toMatchObject({
      success: true,
      message: "1 groups found",
      meta: { total: 1 },
    });
    expect(list.body.groups[0].jid).toBe(group.jid);
    const slim = await call("GET", "list?participants=false");
    expect(slim.body.groups[0].participants).toBeUndefined();
    expect(slim.body.groups[0].participantCount).toBe(3);

    const events = await groupEvents();
    expect(events[0]).toMatchObject({ groupJid: group.jid, action: "create" });
    expect(events.some((e) => e.action === "update" && e.changes.desc === "Where we help")).toBe(
      true,
    );
  });

  it("reads a group by JID, bare id, code and link, with or without members", async () => {
    const created = (await call("POST", "create", { name: "Readers", participants: [ALICE] })).body
      .group;
    for (const identifier of [
      created.jid,
      created.jid.replace("@g.us", ""),
      created.inviteCode,
      `https://chat.whatsapp.com/${created.inviteCode}`,
    ]) {
      const reply = await call("GET", `info?identifier=${encodeURIComponent(identifier)}`);
      expect(reply.status).toBe(200);
      expect(reply.body.message).toBe("Group info retrieved successfully");
      expect(reply.body.group).toMatchObject({
        jid: created.jid,
        name: "Readers",
        inviteCode: created.inviteCode,
        image: null,
        isEphemeral: false,
        isIncognito: false,
        isSuspended: false,
        isDefaultSubGroup: false,
        isCommunity: false,
        communityJid: null,
      });
      expect(reply.body.group.metadata.nameChangedBy).toBe(created.createdBy);
    }
    const slim = await call("GET", `info?identifier=${created.jid}&participants=false`);
    expect(slim.body.group.participants).toBeUndefined();
    expect(slim.body.group.participantCount).toBe(2);
  });

  it("previews a group it is not in by link, and hides the code of groups it does not run", async () => {
    const outside = await contactGroup({ name: "Outside", owner: CARLA, includeInstance: false });
    const preview = await call("GET", `info?identifier=${outside.inviteCode}`);
    expect(preview.status).toBe(200);
    expect(preview.body.group).toMatchObject({ jid: outside.groupJid, name: "Outside" });
    const byJid = await call("GET", `info?identifier=${outside.groupJid}`);
    expect(byJid.status).toBe(404);
    expect(error(byJid)).toBe("Group not found or you are not a member of this group");

    const member = await contactGroup({ name: "Member only", owner: CARLA });
    const info = await call("GET", `info?identifier=${member.groupJid}`);
    expect(info.body.group).toMatchObject({ inviteCode: null, inviteLink: null });
  });

  it("updates only what differs, and says which fields changed", async () => {
    const created = (await call("POST", "create", { name: "Old", participants: [ALICE] })).body
      .group;
    const reply = await call("PUT", "update", {
      identifier: created.jid,
      name: "New",
      description: "",
      image: `data:image/png;base64,${PNG_1PX}`,
      groupSettings: { membersCanEditInfo: false, membersCanAddOthers: false },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      success: true,
      message: "Group updated successfully: name, image, groupSettings",
      updatedFields: ["name", "image", "groupSettings"],
      group: { name: "New", groupSettings: { membersCanEditInfo: false } },
    });
    const info = await call("GET", `info?identifier=${created.jid}`);
    expect(info.body.group.image).toBe(`sandbox://group/${created.jid}.jpg`);
    const same = await call("PUT", "update", { identifier: created.jid, name: "New" });
    expect(same.body).toMatchObject({ message: "Group already up to date", updatedFields: [] });
    const removed = await call("PUT", "update", {
      identifier: created.jid,
      image: "https://ignored.example/x.png",
      removeImage: true,
    });
    expect(removed.body.updatedFields).toEqual(["removeImage"]);
    expect(error(await call("PUT", "update", { identifier: created.jid }))).toBe(
      "At least one of name, description, image, removeImage or groupSettings is required",
    );
    expect(error(await call("PUT", "update", { name: "x" }))).toBe("Identifier is required");
  });

  it("refuses updates, link resets and request lists to a member who is not an admin", async () => {
    const theirs = await contactGroup({ name: "Locked", owner: CARLA, members: [ALICE] });
    const settings = await call("PUT", "update", {
      identifier: theirs.groupJid,
      groupSettings: { requireAdminApproval: true },
    });
    expect(settings.status).toBe(403);
    expect(error(settings)).toBe("Not authorized to update group (must be admin)");
    const reset = await call("POST", "resetLink", { identifier: theirs.groupJid });
    expect(reset.status).toBe(403);
    expect(error(reset)).toBe("Not authorized to reset group invite link (must be admin)");
    const requests = await call("GET", `requests?identifier=${theirs.groupJid}`);
    expect(requests.status).toBe(403);
    expect(error(requests)).toBe("Not authorized to view group requests (must be admin)");
    const add = await call("POST", "participants", {
      action: "add",
      identifier: theirs.groupJid,
      participants: [BRUNO],
    });
    expect(add.status).toBe(403);
    expect(error(add)).toBe("Not authorized to add participants (must be admin)");
    // Members may edit the name while the group lets them.
    const rename = await call("PUT", "update", { identifier: theirs.groupJid, name: "Renamed" });
    expect(rename.status).toBe(200);
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

  it("answers 404 for an unknown instance, 401 for a wrong token, 503 when not connected", async () => {
    const idle = await server.createInstance(inst.accountToken);
    const gid = "120363406289005073@g.us";
    const cases: [string, string, unknown][] = [
      ["POST", "create", { name: "x", participants: [ALICE] }],
      ["GET", "list", undefined],
      ["GET", `info?identifier=${gid}`, undefined],
      ["PUT", "update", { identifier: gid, name: "x" }],
      ["POST", "participants", { action: "add", identifier: gid, participants: [ALICE] }],
      ["POST", "join", { identifier: "ABC123XYZ" }],
      ["POST", "resetLink", { identifier: gid }],
      ["GET", `requests?identifier=${gid}`, undefined],
      ["DELETE", `leave?identifier=${gid}`, undefined],
    ];
    for (const [method, route, body] of cases) {
      const [path, query] = route.split("?");
      const suffix = query === undefined ? "" : `?${query}`;
      const unknown = await server.request<Body>(method, `/api/group/${path}/nope${suffix}`, {
        token: inst.accountToken,
        body,
      });
      expect([route, unknown.status, error(unknown)]).toEqual([route, 404, "Instance not found"]);
      const wrong = await call(method, route, body, "not-a-token");
      expect([route, wrong.status]).toEqual([route, 401]);
      const offline = await server.request<Body>(
        method,
        `/api/group/${path}/${idle.name}${suffix}`,
        {
          token: idle.token,
          body,
        },
      );
      expect([route, offline.status, error(offline)]).toEqual([
        route,
        503,
        "Instance is not connected to WhatsApp",
      ]);
    }
  });
});
