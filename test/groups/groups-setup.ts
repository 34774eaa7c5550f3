/**
 * What the group tests share: contacts' numbers, and a sandbox server with one connected
 * instance, calls to its group routes, and the group.flow events it recorded.
 */
import { afterAll, beforeAll, expect } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { connectedInstance, type Body } from "../events/support/helpers.js";

export const ALICE = "5511911110001";
export const BRUNO = "5511922220002";
export const CARLA = "5511933330003";
export const jid = (number: string) => `${number}@s.whatsapp.net`;

export interface GroupInstance {
  name: string;
  token: string;
  id: string;
  accountToken: string;
}

/**
 * A server and a connected instance for the calling describe block: started in its
 * `beforeAll`, closed in its `afterAll`. Read `server` and `inst` from a later hook or a test.
 */
export function useGroupsSandbox() {
  let server: TestServer;
  let inst: GroupInstance;
  /** A request to `/api/group/<route>/<instance>`, keeping the route's query. */
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
  /** The instance's group.flow events so far, oldest first. */
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
  return {
    get server() {
      return server;
    },
    get inst() {
      return inst;
    },
    call,
    error,
    contactGroup,
    groupEvents,
  };
}
