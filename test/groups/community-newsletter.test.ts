import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { connectedInstance, type Body } from "../events/support/helpers.js";

const ALICE = "5511911110001";
const CARLA = "5511933330003";
const NOT_CONNECTED = "Instance is not connected to WhatsApp";

describe("community and newsletter modules (ryzeapi-more.md 4, 5) on the sandbox", () => {
  let server: TestServer;
  let inst: { name: string; token: string; id: string; accountToken: string };
  let idle: { name: string; token: string };
  const call = (
    method: string,
    route: string,
    body?: unknown,
    name = inst.name,
    token = inst.token,
  ) => {
    const [path, query] = route.split("?");
    const url = `/api/${path}/${name}${query === undefined ? "" : `?${query}`}`;
    return server.request<Body>(method, url, { token, body });
  };
  const error = (reply: { body: Body }) => reply.body.error?.message as string;
  const group = async (name: string) =>
    (await call("POST", "group/create", { name, participants: [ALICE] })).body.group.jid as string;

  beforeAll(async () => {
    server = await startTestServer();
    inst = await connectedInstance(server);
    idle = await server.createInstance(inst.accountToken);
  });
  afterAll(async () => {
    await server.close();
  });

  describe("community", () => {
    it("creates a community with its Announcements group, linking groups given", async () => {
      const first = await group("Block A");
      const reply = await call("POST", "community/create", {
        name: "Neighbours",
        description: "Our street",
        groupJid: [first, "not-a-jid"],
        membershipApprovalMode: "request_required",
      });
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({
        success: true,
        message: "Community created successfully; linked 1 of 2 groups",
        isCommunity: true,
        community: { name: "Neighbours", description: "Our street" },
        linked: [first],
        failed: [{ jid: "not-a-jid", error: "invalid group JID" }],
      });
      const communityJid = reply.body.community.jid;
      const info = await call("GET", `group/info?identifier=${communityJid}`);
      expect(info.body.group).toMatchObject({
        isCommunity: true,
        groupSettings: { requireAdminApproval: true },
      });
      const subs = await call("GET", `community/listSubGroups?communityJid=${communityJid}`);
      expect(subs.body).toMatchObject({
        success: true,
        message: "2 subgroup(s) found",
        communityJid,
      });
      expect(subs.body.subgroups).toEqual(
        expect.arrayContaining([
          {
            jid: reply.body.community.announcementsJid,
            name: "Neighbours",
            isDefaultSubGroup: true,
          },
          { jid: first, name: "Block A", isDefaultSubGroup: false },
        ]),
      );
    });

    it("links and unlinks groups one at a time, reporting each failure", async () => {
      const community = (await call("POST", "community/create", { name: "Club" })).body.community;
      const [one, two] = [await group("One"), await group("Two")];
      const theirs = (
        await server.request<Body>("POST", `/api/sandbox/groups/${inst.name}`, {
          token: inst.token,
          body: { kind: "group", name: "Not mine", owner: CARLA },
        })
      ).body.data.groupJid;
      const link = await call("POST", "community/link", {
        communityJid: community.jid.replace("@g.us", ""),
        groupJid: [one, two, theirs, community.announcementsJid],
      });
      expect(link.status).toBe(200);
      expect(link.body).toMatchObject({
        success: true,
        message: "Linked 2 of 4 groups to community",
        linked: [one, two],
      });
      expect(link.body.failed.map((f: Body) => f.jid)).toEqual([
        theirs,
        community.announcementsJid,
      ]);
      const again = await call("POST", "community/link", {
        communityJid: community.jid,
        groupJid: [one],
      });
      expect(again.body).toMatchObject({
        success: false,
        linked: [],
        message: "Linked 0 of 1 groups to community",
      });

      const unlink = await call("POST", "community/unlink", {
        communityJid: community.jid,
        groupJid: [one, two],
      });
      expect(unlink.body).toEqual({
        success: true,
        message: "Unlinked 2 of 2 groups from community",
        linked: [one, two],
        failed: [],
      });
      const subs = await call("GET", `community/listSubGroups?communityJid=${community.jid}`);
      expect(subs.body.subgroups).toHaveLength(1);
      const unknown = await call("GET", "community/listSubGroups?communityJid=120363000000000099");
      expect(unknown.body).toMatchObject({ message: "0 subgroup(s) found", subgroups: [] });
    });

    it("leaving a community leaves its subgroups; its Announcements group cannot be left", async () => {
      const community = (await call("POST", "community/create", { name: "Leavers" })).body
        .community;
      const announcements = await call(
        "DELETE",
        `group/leave?identifier=${community.announcementsJid}`,
      );
      expect(announcements.status).toBe(403);
      expect(error(announcements)).toBe("Not allowed to leave this group");
      await call("DELETE", `group/leave?identifier=${community.jid}`);
      const gone = await call("GET", `group/info?identifier=${community.announcementsJid}`);
      expect(gone.status).toBe(404);
    });

    it("answers the documented errors", async () => {
      const cases: [string, string, unknown, number, string][] = [
        ["POST", "community/create", {}, 400, "community name is required"],
        ["POST", "community/link", { groupJid: ["1@g.us"] }, 400, "community jid is required"],
        ["POST", "community/link", { communityJid: "1@g.us" }, 400, "group jid is required"],
        [
          "POST",
          "community/unlink",
          { communityJid: "1@g.us", groupJid: [] },
          400,
          "group jid is required",
        ],
        [
          "POST",
          "community/link",
          { communityJid: "a@b@c", groupJid: ["1@g.us"] },
          500,
          'error parse community jid: unexpected server "c" (want g.us)',
        ],
        [
          "GET",
          "community/listSubGroups",
          undefined,
          400,
          "communityJid query parameter is required",
        ],
        [
          "GET",
          "community/listSubGroups?communityJid=abc",
          undefined,
          400,
          'invalid community JID: "abc" is not a group id',
        ],
      ];
      for (const [method, route, body, status, message] of cases) {
        const reply = await call(method, route, body);
        expect([route, reply.status, error(reply)]).toEqual([route, status, message]);
      }
      const offline: [string, string, unknown][] = [
        ["POST", "community/create", { name: "x" }],
        ["POST", "community/link", { communityJid: "1@g.us", groupJid: ["2@g.us"] }],
        ["POST", "community/unlink", { communityJid: "1@g.us", groupJid: ["2@g.us"] }],
        ["GET", "community/listSubGroups?communityJid=1", undefined],
      ];
      for (const [method, route, body] of offline) {
        const reply = await call(method, route, body, idle.name, idle.token);
        expect([route, reply.status, error(reply)]).toEqual([route, 400, NOT_CONNECTED]);
        const unknown = await call(method, route, body, "nope", inst.accountToken);
        expect([route, unknown.status]).toEqual([route, 404]);
        const wrong = await call(method, route, body, inst.name, "bad-token");
        expect([route, wrong.status]).toEqual([route, 401]);
      }
    });
  });

  describe("newsletter", () => {
    it("creates a channel, lists it, reads it by JID, id and link", async () => {
      const created = await call("POST", "newsletter/create", {
        name: "Daily news",
        description: "Every morning",
      });
      expect(created.status).toBe(201);
      const channel = created.body.channel;
      expect(created.body).toMatchObject({
        success: true,
        message: "Newsletter created successfully",
        channel: {
          state: "active",
          name: "Daily news",
          description: "Every morning",
          subscriberCount: 1,
        },
      });
      expect(channel.jid).toMatch(/^\d+@newsletter$/);
      expect(channel.inviteLink).toMatch(/^https:\/\/whatsapp\.com\/channel\//);
      expect(channel.pictureUrl).toBeUndefined();
      const list = await call("GET", "newsletter/list");
      expect(list.body).toMatchObject({ message: "1 newsletters found", meta: { total: 1 } });
      expect(list.body.channels[0].jid).toBe(channel.jid);
      for (const identifier of [
        channel.jid,
        channel.jid.replace("@newsletter", ""),
        channel.inviteLink,
      ]) {
        const info = await call(
          "GET",
          `newsletter/info?identifier=${encodeURIComponent(identifier)}`,
        );
        expect(info.body).toEqual({
          success: true,
          message: "Newsletter info retrieved",
          channel,
        });
      }
    });

    it("joins and leaves a contact's channel; leaving one not followed is 404", async () => {
      const theirs = (
        await server.request<Body>("POST", `/api/sandbox/groups/${inst.name}`, {
          token: inst.token,
          body: { kind: "newsletter", name: "Their channel" },
        })
      ).body.data as { jid: string; inviteCode: string };
      const joined = await call("POST", "newsletter/join", {
        identifier: `https://whatsapp.com/channel/${theirs.inviteCode}`,
      });
      expect(joined.body).toEqual({
        success: true,
        message: "Successfully joined newsletter",
        channelJid: theirs.jid,
      });
      const list = await call("GET", "newsletter/list");
      expect(list.body.channels.map((c: Body) => c.jid)).toContain(theirs.jid);
      const left = await call("DELETE", `newsletter/leave?identifier=${theirs.jid}`);
      expect(left.body).toEqual({
        success: true,
        message: "Successfully left newsletter",
        channelJid: theirs.jid,
      });
      const again = await call("DELETE", `newsletter/leave?identifier=${theirs.jid}`);
      expect(again.status).toBe(404);
      expect(error(again)).toBe("Newsletter not found or you are not subscribed to it");
    });

    it("answers the documented errors, 404 for an unknown instance and 503 offline", async () => {
      const cases: [string, string, unknown, number, string][] = [
        ["POST", "newsletter/create", {}, 400, "Newsletter name is required"],
        ["POST", "newsletter/join", {}, 400, "Identifier is required"],
        ["GET", "newsletter/info", undefined, 400, "Identifier is required"],
        ["DELETE", "newsletter/leave", undefined, 400, "Identifier is required"],
        [
          "GET",
          "newsletter/info?identifier=no%20such!",
          undefined,
          400,
          "Invalid newsletter identifier: use a channel JID, its id or a channel link",
        ],
        [
          "GET",
          "newsletter/info?identifier=120363000000000000",
          undefined,
          404,
          "Newsletter not found",
        ],
        [
          "POST",
          "newsletter/join",
          { identifier: "120363000000000000" },
          404,
          "Newsletter not found",
        ],
      ];
      for (const [method, route, body, status, message] of cases) {
        const reply = await call(method, route, body);
        expect([route, reply.status, error(reply)]).toEqual([route, status, message]);
      }
      const routes: [string, string, unknown][] = [
        ["POST", "newsletter/create", { name: "x" }],
        ["GET", "newsletter/list", undefined],
        ["GET", "newsletter/info?identifier=1", undefined],
        ["POST", "newsletter/join", { identifier: "1" }],
        ["DELETE", "newsletter/leave?identifier=1", undefined],
      ];
      for (const [method, route, body] of routes) {
        const offline = await call(method, route, body, idle.name, idle.token);
        expect([route, offline.status, error(offline)]).toEqual([route, 503, NOT_CONNECTED]);
        const unknown = await call(method, route, body, "nope", inst.accountToken);
        expect([route, unknown.status, error(unknown)]).toEqual([route, 404, "Instance not found"]);
        const wrong = await call(method, route, body, inst.name, "bad-token");
        expect([route, wrong.status]).toEqual([route, 401]);
      }
    });
  });
});
