import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeWhatsApp, pairedInstance, type FakeSocket } from "../support/fake-baileys.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { PNG_1PX, type Body } from "../events/support/helpers.js";

describe("baileys provider: profile and privacy as Baileys calls", () => {
  let whatsapp: FakeWhatsApp;
  let server: TestServer;
  let inst: { name: string; token: string; id: string };
  let socket: FakeSocket;
  const call = (method: string, route: string, body?: unknown) => {
    const [path, query] = route.split("?");
    const url = `/api/profile/${path}/${inst.name}${query === undefined ? "" : `?${query}`}`;
    return server.request<Body>(method, url, { token: inst.token, body });
  };
  const lastOf = (method: string) => socket.callsOf(method).at(-1)!;

  beforeAll(async () => {
    whatsapp = new FakeWhatsApp();
    server = await startTestServer({ makeSocket: whatsapp.factory });
    ({ inst, socket } = await pairedInstance(server, whatsapp));
    socket.registeredNumbers.add("5511988887777");
  });
  afterAll(async () => {
    await server.close();
  });

  it("reads its own and another number's profile: picture, about and existence", async () => {
    const own = await call("GET", "getAccount");
    expect(own.body.profile).toMatchObject({
      profilePicture: "https://pps.whatsapp.net/v/t61/me.jpg",
      profileName: "Support",
      profileStatus: "Busy",
      jid: "5511999990000@s.whatsapp.net",
      lid: "99887766554433@lid",
    });
    const other = await call("GET", "getAccount?number=5511988887777");
    expect(lastOf("onWhatsApp")).toEqual(["5511988887777"]);
    expect(lastOf("fetchStatus")).toEqual(["5511988887777@s.whatsapp.net"]);
    expect(other.body.profile).toMatchObject({ onWhatsApp: true, phoneNumber: "5511988887777" });
    const stranger = await call("GET", "getAccount?number=5511900000001");
    expect(stranger.body.profile).toEqual({
      profilePicture: null,
      phoneNumber: "5511900000001",
      jid: "5511900000001@s.whatsapp.net",
      onWhatsApp: false,
    });
  });

  it("updates name, about and a 640×640 picture", async () => {
    await call("POST", "account", {
      profileName: "Help desk",
      profileStatus: "Here",
      profilePicture: `data:image/png;base64,${PNG_1PX}`,
    });
    expect(lastOf("updateProfileName")).toEqual(["Help desk"]);
    expect(lastOf("updateProfileStatus")).toEqual(["Here"]);
    const [jid, picture] = lastOf("updateProfilePicture") as [string, Buffer];
    expect(jid).toBe("5511999990000:7@s.whatsapp.net");
    expect(picture[0]).toBe(0xff);
    await call("POST", "account", { profilePicture: "" });
    expect(lastOf("removeProfilePicture")).toEqual(["5511999990000:7@s.whatsapp.net"]);
  });

  it("maps privacy settings both ways, one call per setting", async () => {
    const read = await call("GET", "getPrivacy");
    expect(read.body.settings).toEqual({
      visibility: {
        lastSeen: "contacts",
        status: "all",
        profile: "contacts",
        online: "match_last_seen",
      },
      privacy: { readReceipts: "all" },
      permissions: { callAdd: "all", groupAdd: "contacts" },
    });
    await call("POST", "privacy", {
      visibility: { lastSeen: "none" },
      permissions: { callAdd: "known" },
    });
    expect(lastOf("updateLastSeenPrivacy")).toEqual(["none"]);
    expect(lastOf("updateCallPrivacy")).toEqual(["known"]);
    expect(socket.callsOf("updateGroupsAddPrivacy")).toEqual([]);
  });
});
