/**
 * The set-up the chat management tests share (chat-contacts-flags.test.ts and
 * chat-message-actions.test.ts): a server with a connected instance that Maria (`TO`) has
 * written to, an instance that never connected, and the calls the tests make.
 */
import { startTestServer } from "../support/server.js";
import { connectedInstance, inbound, type Body } from "../events/support/helpers.js";

export const TO = "5511988887777";
export const TO_JID = `${TO}@s.whatsapp.net`;

/** The error message of an answer. */
export const error = (reply: { body: Body }) => reply.body.error?.message as string;

/** Starts the server and its instances; the caller closes `server`. */
export async function startChatManage() {
  const server = await startTestServer();
  const inst = await connectedInstance(server);
  const idle = await server.createInstance(inst.accountToken);
  await inbound(server, inst, { from: TO, pushName: "Maria", text: "hello" });
  /** A `/api/chat/…` call; `{i}` in the route is the instance's name (`inst`'s unless given). */
  const call = (
    method: string,
    route: string,
    body?: unknown,
    name = inst.name,
    token = inst.token,
  ) => server.request<Body>(method, `/api/chat/${route.replace("{i}", name)}`, { token, body });
  /** The last item the sandbox phone sent for `inst`. */
  const lastOutbox = async () => {
    const reply = await server.request<Body>("GET", `/api/sandbox/outbox/${inst.name}`, {
      token: inst.token,
    });
    return (reply.body.outbox as Body[]).at(-1)!;
  };
  return { server, inst, idle, call, lastOutbox };
}

export type ChatManage = Awaited<ReturnType<typeof startChatManage>>;
