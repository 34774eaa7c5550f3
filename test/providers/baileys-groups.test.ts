import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeWhatsApp, pairedInstance, type FakeSocket } from "../support/fake-baileys.js";
import { iqError } from "../support/fake-baileys-groups.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { PNG_1PX, type Body } from "../events/support/helpers.js";

const ME = "5511999990000@s.whatsapp.net";
const ALICE = "5511911110001@s.whatsapp.net";

describe("baileys provider: groups, communities and channels as Baileys calls", () => {
  let whatsapp: FakeWhatsApp;
  let server: TestServer;
  let inst: { name: string; token: string; id: string };
  let socket: FakeSocket;
  const call = (method: string, route: string, body?: unknown) => {
    const [path, query] = route.split("?");
    const url = `/api/${path}/${inst.name}${query === undefined ? "" : `?${query}`}`;
    return server.request<Body>(method, url, { token: inst.token, body });
  };
  const lastOf = (method: string) => socket.callsOf(method).at(-1);
  const error = (reply: { body: Body }) => reply.body.error?.message as string;
  /** A group on the fake WhatsApp, this account its super-admin. */
  const existing = (subject: string, extra = {}) => socket.world.created(subject, [ALICE], extra);

  beforeAll(async () => {
    whatsapp = new FakeWhatsApp();
    server = await startTestServer({ makeSocket: whatsapp.factory });
    ({ inst, socket } = await pairedInstance(server, whatsapp));
  });
  afterAll(async () => {
    await server.close();
  });

  it("creates a group, then sets description, picture and settings", async () => {
    const reply = await call("POST", "group/create", {
      name: "Team",
      participants: ["5511911110001"],
      description: "Hello",
      image: `data:image/png;base64,${PNG_1PX}`,
      groupSettings: { membersCanEditInfo: false, requireAdminApproval: true },
    });
    expect(reply.status).toBe(201);
    expect(lastOf("groupCreate")).toEqual(["Team", [ALICE]]);
    const gid = reply.body.group.jid as string;
    expect(lastOf("groupUpdateDescription")).toEqual([gid, "Hello"]);
    const [pictureJid, picture] = lastOf("updateProfilePicture") as [string, Buffer];
    expect(pictureJid).toBe(gid);
    expect(picture[0]).toBe(0xff);
    expect(lastOf("groupSettingUpdate")).toEqual([gid, "locked"]);
    expect(lastOf("groupJoinApprovalMode")).toEqual([gid, "on"]);
    expect(socket.callsOf("groupMemberAddMode")).toEqual([]);
    expect(reply.body.group).toMatchObject({
      name: "Team",
      inviteCode: "FAKEINVITE123",
      inviteLink: "https://chat.whatsapp.com/FAKEINVITE123",
      createdBy: ME,
      participants: [
        { jid: ME, lid: null, isAdmin: true, isSuperAdmin: true },
        { jid: ALICE, lid: null, isAdmin: false, isSuperAdmin: false },
      ],
    });
  });

  it("maps metadata to GroupDetail, and settings both ways", async () => {
    const group = existing("Mapped", {
      desc: "About",
      restrict: true,
      announce: true,
      memberAddMode: true,
      joinApprovalMode: false,
      subjectOwner: ALICE,
      subjectTime: 1_700_000_100,
      ephemeralDuration: 86_400,
      linkedParent: "120363000000000077@g.us",
      participants: [
        { id: "123456@lid", phoneNumber: ME, admin: "superadmin" },
        { id: "654321@lid", admin: "admin" },
      ],
    });
    const info = await call("GET", `group/info?identifier=${group.id}`);
    expect(lastOf("groupMetadata")).toEqual([group.id]);
    expect(lastOf("profilePictureUrl")).toEqual([group.id]);
    expect(info.body.group).toMatchObject({
      description: "About",
      image: "https://pps.whatsapp.net/v/t61/me.jpg",
      createdAt: "2023-11-14T22:13:20.000Z",
      groupSettings: {
        membersCanEditInfo: false,
        membersCanSendMessages: false,
        membersCanAddOthers: true,
        requireAdminApproval: false,
      },
      metadata: { nameChangedBy: ALICE, nameChangedAt: "2023-11-14T22:15:00.000Z" },
      isEphemeral: true,
      communityJid: "120363000000000077@g.us",
      participants: [
        { jid: ME, lid: "123456@lid", isAdmin: true, isSuperAdmin: true },
        { jid: "654321@lid", lid: "654321@lid", isAdmin: true, isSuperAdmin: false },
      ],
    });
    await call("PUT", "group/update", {
      identifier: group.id,
      name: "Renamed",
      description: "",
      removeImage: true,
      groupSettings: {
        membersCanEditInfo: true,
        membersCanSendMessages: true,
        membersCanAddOthers: true,
      },
    });
    expect(lastOf("groupUpdateSubject")).toEqual([group.id, "Renamed"]);
    expect(lastOf("groupUpdateDescription")).toEqual([group.id, undefined]);
    expect(lastOf("removeProfilePicture")).toEqual([group.id]);
    expect(socket.callsOf("groupSettingUpdate").slice(-2)).toEqual([
      [group.id, "unlocked"],
      [group.id, "not_announcement"],
    ]);
    // membersCanAddOthers was already true: no call.
    expect(socket.callsOf("groupMemberAddMode")).toEqual([]);
  });

  it("sends member changes and maps WhatsApp's per-member statuses", async () => {
    const group = existing("Members");
    socket.world.memberStatus.set("5511922220002@s.whatsapp.net", "409");
    const add = await call("POST", "group/participants", {
      action: "add",
      identifier: group.id,
      participants: ["5511933330003", "5511922220002@s.whatsapp.net", "777@lid"],
    });
    expect(lastOf("groupParticipantsUpdate")).toEqual([
      group.id,
      ["5511933330003@s.whatsapp.net", "5511922220002@s.whatsapp.net", "777@lid"],
      "add",
    ]);
    expect(add.body.participants).toEqual([
      { jid: "5511933330003@s.whatsapp.net", success: true },
      { jid: "5511922220002@s.whatsapp.net", success: false, error: "already a participant" },
      { jid: "777@lid", success: true },
    ]);
    socket.world.failures.set("groupParticipantsUpdate", iqError(403, "not-authorized"));
    const refused = await call("POST", "group/participants", {
      action: "demote",
      identifier: group.id,
      participants: [ALICE],
    });
    expect(refused.status).toBe(403);
    expect(error(refused)).toBe("Not authorized to demote participants (must be super-admin)");
  });

  it("lists requests and approves by phone number through the request's LID", async () => {
    const group = existing("Gated", { joinApprovalMode: true });
    socket.world.pending = [
      { jid: "4242@lid", phone_number: "5511944440004@s.whatsapp.net", request_time: "1700000000" },
    ];
    const requests = await call("GET", `group/requests?identifier=${group.id}`);
    expect(lastOf("groupRequestParticipantsList")).toEqual([group.id]);
    expect(requests.body.requests).toEqual([
      {
        jid: "4242@lid",
        phoneNumber: "5511944440004@s.whatsapp.net",
        requestedAt: "2023-11-14T22:13:20.000Z",
      },
    ]);
    await call("POST", "group/participants", {
      action: "approve",
      identifier: group.id,
      participants: ["5511944440004"],
    });
    expect(lastOf("groupRequestParticipantsUpdate")).toEqual([group.id, ["4242@lid"], "approve"]);
  });

  it("resets, joins, leaves, and maps WhatsApp's refusals to the documented errors", async () => {
    const group = existing("Links", { inviteCode: "GROUPCODE42" });
    const reset = await call("POST", "group/resetLink", { identifier: group.id });
    expect(lastOf("groupRevokeInvite")).toEqual([group.id]);
    expect(reset.body.inviteLink).toBe("https://chat.whatsapp.com/NEWFAKEINVITE456");

    socket.world.acceptAnswer = group.id;
    const joined = await call("POST", "group/join", {
      identifier: "https://chat.whatsapp.com/GROUPCODE42",
    });
    expect(lastOf("groupAcceptInvite")).toEqual(["GROUPCODE42"]);
    expect(joined.body).toMatchObject({ groupJid: group.id, requiresApproval: false });
    socket.world.acceptAnswer = undefined;
    const waiting = await call("POST", "group/join", { identifier: "GROUPCODE42" });
    expect(waiting.body).toMatchObject({ groupJid: group.id, requiresApproval: true });

    const refusals: [number, number, string][] = [
      [406, 400, "Invite link has been revoked or expired"],
      [410, 400, "Invalid invite link or code"],
      [404, 404, "Group not found"],
      [403, 403, "Not allowed to join this group"],
    ];
    for (const [code, status, message] of refusals) {
      socket.world.failures.set("groupAcceptInvite", iqError(code));
      const reply = await call("POST", "group/join", { identifier: "GROUPCODE42" });
      expect([code, reply.status, error(reply)]).toEqual([code, status, message]);
    }

    await call("DELETE", `group/leave?identifier=${group.id}`);
    expect(lastOf("groupLeave")).toEqual([group.id]);
    socket.world.failures.set("groupMetadata", iqError(403, "forbidden"));
    const gone = await call("DELETE", `group/leave?identifier=${group.id}`);
    expect(gone.status).toBe(404);
    expect(error(gone)).toBe("Group not found or you are not a member of this group");
    socket.world.failures.set("groupRevokeInvite", iqError(401, "not-authorized"));
    const notAdmin = await call("POST", "group/resetLink", { identifier: group.id });
    expect(error(notAdmin)).toBe("Not authorized to reset group invite link (must be admin)");
  });

  it("lists groups from groupFetchAllParticipating", async () => {
    const reply = await call("GET", "group/list?participants=false");
    expect(lastOf("groupFetchAllParticipating")).toEqual([]);
    expect(reply.body.meta.total).toBe(socket.world.groups.size);
  });

  it("creates a community, links and unlinks, and lists subgroups from the groups it is in", async () => {
    const sub = existing("Sub");
    const created = await call("POST", "community/create", {
      name: "Town",
      description: "All of us",
      groupJid: [sub.id],
    });
    expect(lastOf("communityCreate")).toEqual(["Town", "All of us"]);
    const communityJid = created.body.community.jid as string;
    expect(lastOf("communityLinkGroup")).toEqual([sub.id, communityJid]);
    expect(created.body).toMatchObject({ isCommunity: true, linked: [sub.id] });

    socket.world.failures.set("communityLinkGroup", iqError(403, "forbidden"));
    const failed = await call("POST", "community/link", { communityJid, groupJid: [sub.id] });
    expect(failed.body).toMatchObject({ success: false, failed: [{ jid: sub.id }] });
    await call("POST", "community/unlink", { communityJid, groupJid: [sub.id] });
    expect(lastOf("communityUnlinkGroup")).toEqual([sub.id, communityJid]);

    socket.world.groups.set(sub.id, { ...sub, linkedParent: communityJid });
    const announce = existing("Town", { linkedParent: communityJid, isCommunityAnnounce: true });
    const subs = await call("GET", `community/listSubGroups?communityJid=${communityJid}`);
    expect(subs.body.subgroups).toEqual([
      { jid: sub.id, name: "Sub", isDefaultSubGroup: false },
      { jid: announce.id, name: "Town", isDefaultSubGroup: true },
    ]);
    socket.world.failures.set("groupFetchAllParticipating", iqError(500, "internal"));
    const broken = await call("GET", `community/listSubGroups?communityJid=${communityJid}`);
    expect(broken.status).toBe(500);
    expect(error(broken)).toMatch(/^failed to get groups: internal/);
  });

  it("falls back to an ordinary group when WhatsApp refuses a community", async () => {
    socket.world.failures.set("communityCreate", iqError(400, "bad-request"));
    const reply = await call("POST", "community/create", {
      name: "Refused",
      groupJid: ["120363000000000001@g.us"],
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      isCommunity: false,
      community: { name: "Refused", announcementsJid: null },
      linked: [],
      failed: [
        { jid: "120363000000000001@g.us", error: "an ordinary group cannot have subgroups" },
      ],
    });
    expect(reply.body.message).toMatch(/an ordinary group was created instead/);
    expect(lastOf("groupCreate")).toEqual(["Refused", []]);
  });

  it("creates, reads, follows and unfollows channels", async () => {
    const created = await call("POST", "newsletter/create", { name: "News", description: "d" });
    expect(lastOf("newsletterCreate")).toEqual(["News", "d"]);
    expect(created.body.channel).toEqual({
      jid: "120363999999999999@newsletter",
      state: "active",
      name: "News",
      description: "news",
      inviteLink: "https://whatsapp.com/channel/0029VaFAKE",
      subscriberCount: 3,
    });
    await call("GET", "newsletter/info?identifier=https://whatsapp.com/channel/0029VaInvite");
    expect(lastOf("newsletterMetadata")).toEqual(["invite", "0029VaInvite"]);
    await call("POST", "newsletter/join", { identifier: "120363777777777777" });
    expect(lastOf("newsletterFollow")).toEqual(["120363777777777777@newsletter"]);
    await socket.emitEvent("chats.upsert", [{ id: "120363555555555555@newsletter" }]);
    await server.runtime.connections.settled(inst.id);
    const list = await call("GET", "newsletter/list");
    expect(list.body.channels.map((c: Body) => c.jid)).toEqual([
      "120363999999999999@newsletter",
      "120363777777777777@newsletter",
      "120363555555555555@newsletter",
    ]);
    await call("DELETE", "newsletter/leave?identifier=120363777777777777@newsletter");
    expect(lastOf("newsletterUnfollow")).toEqual(["120363777777777777@newsletter"]);
  });

  it("puts WhatsApp's group news in the event log as group.flow", async () => {
    await socket.emitEvent("group.join-request", {
      id: "120363000000000042@g.us",
      author: "5511944440004@s.whatsapp.net",
      participant: "4242@lid",
      participantPn: "5511944440004@s.whatsapp.net",
      action: "created",
      method: "invite_link",
    });
    await socket.emitEvent("group-participants.update", {
      id: "120363000000000042@g.us",
      author: ME,
      participants: [{ id: ALICE }],
      action: "promote",
    });
    await server.runtime.connections.settled(inst.id);
    const rows = await server.runtime.database.db
      .selectFrom("events")
      .select(["data"])
      .where("instance_id", "=", inst.id)
      .where("event", "=", "group.flow")
      .orderBy("seq")
      .execute();
    const flows = rows
      .map((row) => (typeof row.data === "string" ? JSON.parse(row.data) : row.data) as Body)
      .filter((flow) => flow.groupJid === "120363000000000042@g.us");
    expect(flows).toMatchObject([
      {
        action: "request",
        participants: ["5511944440004@s.whatsapp.net"],
        changes: { method: "invite_link" },
      },
      { action: "promote", participants: [ALICE], author: ME },
    ]);
  });
});
