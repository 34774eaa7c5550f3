/**
 * The group module (ryzeapi-more.md 3): create, list, read, update, members, invite
 * links, join requests, join and leave, all through the live connection. A group named
 * by invite code or link is looked up first; operations on a group need membership.
 */
import { badRequest, forbidden, notFound } from "../../platform/errors.js";
import type { ProviderConnection } from "../../providers/provider.js";
import type { GroupSettings, GroupSnapshot } from "../../providers/provider-groups.js";
import type { ConnectionManager } from "../connections/connection-manager.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import { providerCall, requireConnection } from "../messages/connection-guard.js";
import type { MediaLimits } from "../messages/message-service.js";
import {
  GROUP_NOT_MEMBER,
  INVALID_IDENTIFIER,
  UPDATE_FORBIDDEN,
  groupCall,
  refusalOf,
} from "./group-calls.js";
import { parseGroupIdentifier } from "./group-identifier.js";
import { groupPicture } from "./group-picture.js";
import type { CreateBody, UpdateBody } from "./group-schemas.js";
import { memberJids } from "./group-members.js";

export interface ShownGroup {
  group: GroupSnapshot;
  /** The invite code, when this account may see it. */
  inviteCode: string | null;
}

export class GroupService {
  constructor(
    private readonly connections: ConnectionManager,
    private readonly limits: MediaLimits,
  ) {}

  connection(instance: InstanceRecord): ProviderConnection {
    return requireConnection(this.connections, instance);
  }

  /** Creates the group, then applies what WhatsApp takes only afterwards. */
  async create(
    instance: InstanceRecord,
    body: CreateBody,
  ): Promise<ShownGroup & { linkError: string | null }> {
    const connection = this.connection(instance);
    const members = memberJids(body.participants);
    const created = await groupCall("create group", () =>
      connection.groups.create(body.name, members),
    );
    const jid = created.jid;
    if (body.description !== undefined && body.description !== "") {
      const description = body.description;
      await groupCall("set group description", () =>
        connection.groups.setDescription(jid, description),
      );
    }
    if (body.image !== undefined) {
      const picture = await groupPicture(body.image, this.limits);
      await groupCall("set group picture", () => connection.groups.setPicture(jid, picture));
    }
    const settings = body.groupSettings;
    if (settings !== undefined && Object.keys(settings).length > 0)
      await groupCall("update group settings", () => connection.groups.setSettings(jid, settings));
    const linkError = await this.linkCreated(connection, body.communityJid, jid);
    return { ...(await this.shown(connection, jid)), linkError };
  }

  async list(instance: InstanceRecord): Promise<GroupSnapshot[]> {
    const connection = this.connection(instance);
    return groupCall("list groups", () => connection.groups.list());
  }

  /**
   * A group this account is in, or, by invite code or link, a preview of one it is not in
   * (the members WhatsApp shows to outsiders). Answers its picture too.
   */
  async info(
    instance: InstanceRecord,
    identifier: string,
  ): Promise<ShownGroup & { image: string | null }> {
    const connection = this.connection(instance);
    const ref = parseGroupIdentifier(identifier);
    if (ref === undefined) throw badRequest(INVALID_IDENTIFIER);
    let shown: ShownGroup;
    if (ref.kind === "jid") {
      shown = await this.shown(connection, ref.jid);
    } else {
      const preview = await groupCall("get group info", () =>
        connection.groups.inviteInfo(ref.code),
      );
      const joined = await refusalOf(() => connection.groups.info(preview.jid));
      shown =
        "value" in joined
          ? { group: joined.value, inviteCode: ref.code }
          : { group: preview, inviteCode: ref.code };
    }
    // A group previewed by link may not show its picture to outsiders.
    const picture = await providerCall("get group picture", () =>
      refusalOf(() => connection.groups.pictureUrl(shown.group.jid)),
    );
    return { ...shown, image: "value" in picture ? picture.value : null };
  }

  /** Applies what differs from the group as it is; answers the fields changed. */
  async update(
    instance: InstanceRecord,
    body: UpdateBody,
  ): Promise<ShownGroup & { updatedFields: string[] }> {
    const connection = this.connection(instance);
    const current = await this.resolve(connection, body.identifier);
    const { jid } = current;
    const groups = connection.groups;
    const refusals = { forbidden: () => forbidden(UPDATE_FORBIDDEN) };
    const changed: string[] = [];
    if (body.name !== undefined && body.name !== current.name) {
      const name = body.name;
      await groupCall("update group name", () => groups.setName(jid, name), refusals);
      changed.push("name");
    }
    if (body.description !== undefined && body.description !== current.description) {
      const description = body.description;
      await groupCall(
        "update group description",
        () => groups.setDescription(jid, description),
        refusals,
      );
      changed.push("description");
    }
    if (body.removeImage === true || body.image !== undefined) {
      const picture =
        body.removeImage === true || body.image === undefined
          ? null
          : await groupPicture(body.image, this.limits);
      await groupCall("update group picture", () => groups.setPicture(jid, picture), refusals);
      changed.push(picture === null ? "removeImage" : "image");
    }
    const settings = changedSettings(current.settings, body.groupSettings ?? {});
    if (Object.keys(settings).length > 0) {
      await groupCall("update group settings", () => groups.setSettings(jid, settings), refusals);
      changed.push("groupSettings");
    }
    return { ...(await this.shown(connection, jid)), updatedFields: changed };
  }

  /**
   * The group behind a JID, code or link, which this account must be in: WhatsApp
   * answers the JID's metadata only to members.
   */
  async resolve(connection: ProviderConnection, identifier: string): Promise<GroupSnapshot> {
    const ref = parseGroupIdentifier(identifier);
    if (ref === undefined) throw badRequest(INVALID_IDENTIFIER);
    const jid =
      ref.kind === "jid"
        ? ref.jid
        : (await groupCall("get group info", () => connection.groups.inviteInfo(ref.code))).jid;
    // WhatsApp answers a group's metadata to members only (others get 403 or 404).
    return groupCall("get group info", () => connection.groups.info(jid), {
      forbidden: () => notFound(GROUP_NOT_MEMBER),
    });
  }

  /** The group as the replies show it, with its invite code when this account may read it. */
  private async shown(connection: ProviderConnection, jid: string): Promise<ShownGroup> {
    const group = await groupCall("get group info", () => connection.groups.info(jid));
    if (group.inviteCode !== null) return { group, inviteCode: group.inviteCode };
    const code = await refusalOf(() => connection.groups.inviteCode(jid));
    return { group, inviteCode: "value" in code ? code.value : null };
  }

  private async linkCreated(
    connection: ProviderConnection,
    communityJid: string | undefined,
    jid: string,
  ): Promise<string | null> {
    if (communityJid === undefined) return null;
    const ref = parseGroupIdentifier(communityJid);
    if (ref?.kind !== "jid") return `invalid community JID "${communityJid}"`;
    const linked = await refusalOf(() => connection.groups.linkToCommunity(ref.jid, jid));
    return "refused" in linked ? linked.refused.message : null;
  }
}

/** The settings asked for that differ from the group's. */
function changedSettings(
  current: GroupSettings,
  wanted: Partial<GroupSettings>,
): Partial<GroupSettings> {
  return Object.fromEntries(
    Object.entries(wanted).filter(
      ([name, value]) => current[name as keyof GroupSettings] !== value,
    ),
  );
}
