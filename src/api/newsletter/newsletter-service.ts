/**
 * The newsletter (channel) module (ryzeapi-more.md 5): create a channel, list those
 * followed, read one (followed or not), follow and unfollow, through the live connection.
 */
import { badRequest, notFound } from "../../platform/errors.js";
import type { ProviderConnection } from "../../providers/provider.js";
import type { NewsletterInfo } from "../../providers/provider-groups.js";
import type { ConnectionManager } from "../connections/connection-manager.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import { requireConnection } from "../messages/connection-guard.js";
import { groupCall } from "../groups/group-calls.js";
import { parseNewsletterIdentifier } from "../groups/group-identifier.js";

export const INVALID_NEWSLETTER =
  "Invalid newsletter identifier: use a channel JID, its id or a channel link";
export const NEWSLETTER_NOT_FOUND = "Newsletter not found";
export const NOT_SUBSCRIBED = "Newsletter not found or you are not subscribed to it";

export class NewsletterService {
  constructor(private readonly connections: ConnectionManager) {}

  create(instance: InstanceRecord, name: string, description: string): Promise<NewsletterInfo> {
    const connection = requireConnection(this.connections, instance);
    return groupCall("create newsletter", () => connection.newsletters.create(name, description));
  }

  list(instance: InstanceRecord): Promise<NewsletterInfo[]> {
    const connection = requireConnection(this.connections, instance);
    return groupCall("list newsletters", () => connection.newsletters.list());
  }

  info(instance: InstanceRecord, identifier: string): Promise<NewsletterInfo> {
    const connection = requireConnection(this.connections, instance);
    return this.find(connection, identifier);
  }

  /** Follows the channel; answers its JID. */
  async join(instance: InstanceRecord, identifier: string): Promise<string> {
    const connection = requireConnection(this.connections, instance);
    const { jid } = await this.find(connection, identifier);
    await groupCall("join newsletter", () => connection.newsletters.follow(jid), {
      "not-found": () => notFound(NEWSLETTER_NOT_FOUND),
    });
    return jid;
  }

  async leave(instance: InstanceRecord, identifier: string): Promise<string> {
    const connection = requireConnection(this.connections, instance);
    const ref = parseNewsletterIdentifier(identifier);
    if (ref === undefined) throw badRequest(INVALID_NEWSLETTER);
    const jid = ref.kind === "jid" ? ref.jid : (await this.find(connection, identifier)).jid;
    await groupCall("leave newsletter", () => connection.newsletters.unfollow(jid), {
      "not-found": () => notFound(NOT_SUBSCRIBED),
    });
    return jid;
  }

  private async find(connection: ProviderConnection, identifier: string): Promise<NewsletterInfo> {
    const ref = parseNewsletterIdentifier(identifier);
    if (ref === undefined) throw badRequest(INVALID_NEWSLETTER);
    const [by, key] =
      ref.kind === "jid" ? (["jid", ref.jid] as const) : (["invite", ref.code] as const);
    const found = await groupCall(
      "get newsletter info",
      () => connection.newsletters.info(by, key),
      {
        "not-found": () => notFound(NEWSLETTER_NOT_FOUND),
      },
    );
    if (found === null) throw notFound(NEWSLETTER_NOT_FOUND);
    return found;
  }
}

/** A channel as the replies show it: links and pictures only when visible. */
export function channelOf(info: NewsletterInfo) {
  return {
    jid: info.jid,
    state: info.state,
    name: info.name,
    description: info.description,
    ...(info.inviteLink === null ? {} : { inviteLink: info.inviteLink }),
    subscriberCount: info.subscriberCount,
    ...(info.pictureUrl === null ? {} : { pictureUrl: info.pictureUrl }),
  };
}
