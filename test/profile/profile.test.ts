import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { PNG_1PX, connectedInstance, inbound, type Body } from "../events/support/helpers.js";

describe("profile module (ryzeapi-more.md 6)", () => {
  let server: TestServer;
  let inst: { name: string; token: string; id: string; accountToken: string };
  const call = (
    method: string,
    route: string,
    body?: unknown,
    name = inst.name,
    token = inst.token,
  ) => {
    const [path, query] = route.split("?");
    const url = `/api/profile/${path}/${name}${query === undefined ? "" : `?${query}`}`;
    return server.request<Body>(method, url, { token, body });
  };
  const error = (reply: { body: Body }) => reply.body.error?.message as string;

  beforeAll(async () => {
    server = await startTestServer();
    inst = await connectedInstance(server);
  });
  afterAll(async () => {
    await server.close();
  });

  it("reads its own profile", async () => {
    const reply = await call("GET", "getAccount");
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      success: true,
      message: "Profile retrieved successfully",
      profile: { profilePicture: null, profileName: `Sandbox ${inst.name}`, onWhatsApp: true },
    });
    expect(reply.body.profile.jid).toMatch(/^5500\d+@s\.whatsapp\.net$/);
  });

  it("reads another number's profile, and says when it is not on WhatsApp", async () => {
    await inbound(server, inst, { from: "5511987654321", pushName: "Maria", text: "oi" });
    const known = await call("GET", "getAccount?number=+55 (11) 98765-4321");
    expect(known.body.profile).toMatchObject({
      profilePicture: null,
      profileName: "Maria",
      phoneNumber: "5511987654321",
      jid: "5511987654321@s.whatsapp.net",
      onWhatsApp: true,
    });
    await server.request("POST", `/api/sandbox/faults/${inst.name}`, {
      token: inst.token,
      body: { unknownNumbers: ["5511911110000"] },
    });
    const unknown = await call("GET", "getAccount?number=5511911110000");
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({
      message: "Number not found on WhatsApp",
      profile: { onWhatsApp: false },
    });
    expect(error(await call("GET", "getAccount?number=abc"))).toMatch(/^Invalid number/);
  });

  it("updates name, about and picture, listing only what changed", async () => {
    const reply = await call("POST", "account", {
      profileName: "Support",
      profileStatus: "Open 9–18",
      profilePicture: `data:image/png;base64,${PNG_1PX}`,
    });
    expect(reply.body).toEqual({
      success: true,
      message: "Profile updated successfully",
      updatedFields: ["profilePicture", "profileName", "profileStatus"],
    });
    const outbox = (
      await server.request<Body>("GET", `/api/sandbox/outbox/${inst.name}`, { token: inst.token })
    ).body.outbox as Body[];
    const picture = outbox.find((e) => e.kind === "profile" && e.details.profilePicture)!;
    expect(picture.details.profilePicture.mimetype).toBe("image/jpeg");
    const again = await call("POST", "account", {
      profileName: "Support",
      profileStatus: "Open 9–18",
    });
    expect(again.body.updatedFields).toEqual([]);
    const own = await call("GET", "getAccount");
    expect(own.body.profile).toMatchObject({ profileName: "Support", profileStatus: "Open 9–18" });
    expect(own.body.profile.profilePicture).not.toBeNull();
    const removed = await call("POST", "account", { profilePicture: "" });
    expect(removed.body.updatedFields).toEqual(["profilePicture"]);
    expect(error(await call("POST", "account", {}))).toBe(
      "At least one of profilePicture, profileName or profileStatus is required",
    );
  });

  it("reads privacy on both paths and updates only the settings sent", async () => {
    const read = await call("GET", "getPrivacy");
    expect(read.body).toEqual({
      success: true,
      message: "Privacy settings retrieved successfully",
      settings: {
        visibility: {
          lastSeen: "contacts",
          status: "contacts",
          profile: "contacts",
          online: "all",
        },
        privacy: { readReceipts: "all" },
        permissions: { callAdd: "all", groupAdd: "contacts" },
      },
    });
    expect((await call("GET", "privacy")).body).toEqual(read.body);
    const updated = await call("POST", "privacy", {
      visibility: { lastSeen: "none", online: "match_last_seen" },
      permissions: { groupAdd: "contact_blacklist" },
    });
    expect(updated.body).toMatchObject({
      message: "Privacy settings updated successfully",
      settings: {
        visibility: { lastSeen: "none", status: "contacts", online: "match_last_seen" },
        permissions: { callAdd: "all", groupAdd: "contact_blacklist" },
      },
    });
    expect(error(await call("POST", "privacy", {}))).toBe(
      "At least one privacy setting is required",
    );
    const bad = await call("POST", "privacy", { privacy: { readReceipts: "some" } });
    expect(bad.status).toBe(400);
    expect(error(bad)).toMatch(/^Invalid request body: privacy\.readReceipts/);
  });

  it("answers 404 for an unknown instance and 503 when not connected", async () => {
    const idle = await server.createInstance(inst.accountToken);
    const cases: [string, string, unknown][] = [
      ["GET", "getAccount", undefined],
      ["POST", "account", { profileName: "x" }],
      ["GET", "getPrivacy", undefined],
      ["GET", "privacy", undefined],
      ["POST", "privacy", { privacy: { readReceipts: "none" } }],
    ];
    for (const [method, route, body] of cases) {
      const unknown = await call(method, route, body, "nope", inst.accountToken);
      expect(unknown.status, `${method} ${route}`).toBe(404);
      expect(error(unknown)).toBe("Instance not found");
      const down = await call(method, route, body, idle.name, idle.token);
      expect(down.status, `${method} ${route}`).toBe(503);
      expect(error(down)).toBe("Instance is not connected to WhatsApp");
    }
  });
});
