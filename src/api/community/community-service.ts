/**
 * The community module (ryzeapi-more.md 4): a community is a parent group with its own
 * Announcements group, and ordinary groups linked under it. Its documented errors differ
 * from the group module's: lower-case texts, and 400 when the instance is not connected.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { AppError, badRequest } from "../../platform/errors.js";
import type { ProviderConnection } from "../../providers/provider.js";
import type { GroupSnapshot, SubGroup } from "../../providers/provider-groups.js";
import type { ConnectionManager } from "../connections/connection-manager.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import { NOT_CONNECTED, providerCall, requireConnection } from "../messages/connection-guard.js";
import type { MediaLimits } from "../messages/message-service.js";
import { groupCall, refusalOf } from "../groups/group-calls.js";
import { parseCommunityJid, parseGroupIdentifier } from "../groups/group-identifier.js";
import { groupPicture } from "../groups/group-picture.js";
import type { CreateCommunityBody } from "./community-schemas.js";

/** WhatsApp throttles linking: one group at a time, a second apart (real WhatsApp only). */
export const LINK_PAUSE_MS = 1_000;

export interface LinkOutcome {
  linked: string[];
  failed: { jid: string; error: string }[];
}

export interface CreatedCommunity extends LinkOutcome {
  isCommunity: boolean;
  jid: string;
  name: string;
  description: string;
  announcementsJid: string | null;
}

/** Runs `work`, answering "not connected" with the module's documented 400. */
async function connected<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.status === 503 && error.message === NOT_CONNECTED)
      throw badRequest(NOT_CONNECTED);
    throw error;
  }
}

export class CommunityService {
  constructor(
    private readonly connections: ConnectionManager,
    private readonly limits: MediaLimits,
  ) {}

  create(instance: InstanceRecord, body: CreateCommunityBody): Promise<CreatedCommunity> {
    return connected(async () => {
      const connection = requireConnection(this.connections, instance);
      const description = body.description ?? "";
      const { parent, isCommunity } = await this.parent(connection, body.name, description);
      const jid = parent.jid;
      if (body.image !== undefined) {
        const picture = await groupPicture(body.image, this.limits);
        await groupCall("set community picture", () => connection.groups.setPicture(jid, picture));
      }
      if (body.membershipApprovalMode === "request_required")
        await groupCall("update community settings", () =>
          connection.groups.setSettings(jid, { requireAdminApproval: true }),
        );
      const asked = body.groupJid ?? [];
      const outcome: LinkOutcome = isCommunity
        ? await this.eachGroup(instance, connection, asked, (group) =>
            connection.groups.linkToCommunity(jid, group),
          )
        : {
            linked: [],
            failed: asked.map((group) => ({
              jid: group,
              error: "an ordinary group cannot have subgroups",
            })),
          };
      const subgroups = isCommunity ? await this.subGroupsOf(connection, jid) : [];
      return {
        ...outcome,
        isCommunity,
        jid,
        name: parent.name,
        description,
        announcementsJid: subgroups.find((group) => group.isDefaultSubGroup)?.jid ?? null,
      };
    });
  }

  /** A community's parent group; an ordinary group when WhatsApp refuses this account one. */
  private async parent(
    connection: ProviderConnection,
    name: string,
    description: string,
  ): Promise<{ parent: GroupSnapshot; isCommunity: boolean }> {
    const made = await providerCall("create community", () =>
      refusalOf(() => connection.groups.createCommunity(name, description)),
    );
    if ("value" in made) return { parent: made.value, isCommunity: true };
    const refused = made.refused;
    if (refused.reason !== "rejected")
      return groupCall("create community", () => Promise.reject(refused));
    const parent = await groupCall("create group", () => connection.groups.create(name, []));
    if (description !== "")
      await groupCall("set group description", () =>
        connection.groups.setDescription(parent.jid, description),
      );
    return { parent, isCommunity: false };
  }

  link(instance: InstanceRecord, communityJid: string, groupJids: string[]): Promise<LinkOutcome> {
    return this.linking(instance, communityJid, groupJids, (connection, community, group) =>
      connection.groups.linkToCommunity(community, group),
    );
  }

  unlink(
    instance: InstanceRecord,
    communityJid: string,
    groupJids: string[],
  ): Promise<LinkOutcome> {
    return this.linking(instance, communityJid, groupJids, (connection, community, group) =>
      connection.groups.unlinkFromCommunity(community, group),
    );
  }

  subGroups(
    instance: InstanceRecord,
    raw: string,
  ): Promise<{ jid: string; subgroups: SubGroup[] }> {
    return connected(async () => {
      const parsed = parseCommunityJid(raw);
      if ("reason" in parsed) throw badRequest(`invalid community JID: ${parsed.reason}`);
      const connection = requireConnection(this.connections, instance);
      return { jid: parsed.jid, subgroups: await this.subGroupsOf(connection, parsed.jid) };
    });
  }

  private async subGroupsOf(connection: ProviderConnection, jid: string): Promise<SubGroup[]> {
    const found = await providerCall("get groups", () =>
      refusalOf(() => connection.groups.subGroups(jid)),
    );
    if ("refused" in found)
      throw new AppError(500, `failed to get groups: ${found.refused.message}`);
    return found.value;
  }

  private linking(
    instance: InstanceRecord,
    communityJid: string,
    groupJids: string[],
    act: (connection: ProviderConnection, community: string, group: string) => Promise<void>,
  ): Promise<LinkOutcome> {
    return connected(async () => {
      const parsed = parseCommunityJid(communityJid);
      if ("reason" in parsed)
        throw new AppError(500, `error parse community jid: ${parsed.reason}`);
      const connection = requireConnection(this.connections, instance);
      return this.eachGroup(instance, connection, groupJids, (group) =>
        act(connection, parsed.jid, group),
      );
    });
  }

  /** One group at a time; a refused group goes to `failed` and the rest continue. */
  private async eachGroup(
    instance: InstanceRecord,
    connection: ProviderConnection,
    groupJids: string[],
    act: (group: string) => Promise<void>,
  ): Promise<LinkOutcome> {
    const outcome: LinkOutcome = { linked: [], failed: [] };
    for (const [index, raw] of groupJids.entries()) {
      const ref = parseGroupIdentifier(raw);
      if (ref?.kind !== "jid") {
        outcome.failed.push({ jid: raw, error: "invalid group JID" });
        continue;
      }
      if (index > 0 && instance.provider === "baileys") await sleep(LINK_PAUSE_MS);
      const done = await providerCall("link group", () => refusalOf(() => act(ref.jid)));
      if ("value" in done) outcome.linked.push(ref.jid);
      else outcome.failed.push({ jid: ref.jid, error: done.refused.message });
    }
    return outcome;
  }
}
