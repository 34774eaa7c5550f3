/**
 * Creating, reading and updating groups on the sandbox (ryzeapi-more.md 3), what a member
 * who is not an admin may not do, and the 404/401/503 every group route answers.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../support/server.js";
import { PNG_1PX, type Body } from "../events/support/helpers.js";
import { ALICE, BRUNO, CARLA, jid, useGroupsSandbox, type GroupInstance } from "./groups-setup.js";

describe("group module (ryzeapi-more.md 3) on the sandbox", () => {
  const sandbox = useGroupsSandbox();
  const { call, error, contactGroup, groupEvents } = sandbox;
  let server: TestServer;
  let inst: GroupInstance;
  beforeAll(() => {
    ({ server, inst } = sandbox);
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
