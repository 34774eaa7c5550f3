/**
 * Channels through Baileys. WhatsApp has no "channels I follow" query that Baileys
 * exposes, so the list is what this connection learned: channel chats WhatsApp synced,
 * and channels created or followed here, each read afresh from WhatsApp.
 */
import type { NewsletterMetadata } from "@whiskeysockets/baileys";
import {
  CHANNEL_LINK_BASE,
  type NewsletterActions,
  type NewsletterInfo,
} from "../provider-groups.js";
import { serverOf } from "../jid.js";
import { refusing } from "./group-mapping.js";
import type { BaileysSocket, EventBatch } from "./socket.js";

const MEDIA_HOST = "https://mmg.whatsapp.net";

export function newsletterInfoOf(metadata: NewsletterMetadata): NewsletterInfo {
  const picture = metadata.picture;
  const pictureUrl =
    picture?.url ??
    (picture?.directPath === undefined ? null : `${MEDIA_HOST}${picture.directPath}`);
  return {
    jid: metadata.id,
    state: "active",
    name: metadata.name || (metadata.thread_metadata?.name ?? ""),
    description: metadata.description ?? metadata.thread_metadata?.description ?? "",
    inviteLink: metadata.invite === undefined ? null : `${CHANNEL_LINK_BASE}${metadata.invite}`,
    subscriberCount: metadata.subscribers ?? 0,
    pictureUrl,
  };
}

export class BaileysNewsletters implements NewsletterActions {
  /** Channel JIDs this account follows, as far as this connection knows. */
  private readonly followed = new Set<string>();

  constructor(private readonly socket: () => BaileysSocket) {}

  /** Learns channels from the chats WhatsApp syncs. */
  absorb(batch: EventBatch): void {
    for (const { id } of batch["chats.upsert"] ?? []) {
      if (typeof id === "string" && serverOf(id) === "newsletter") this.followed.add(id);
    }
  }

  create(name: string, description: string): Promise<NewsletterInfo> {
    return refusing(async () => {
      const created = newsletterInfoOf(await this.socket().newsletterCreate(name, description));
      this.followed.add(created.jid);
      return created;
    });
  }

  async list(): Promise<NewsletterInfo[]> {
    const found: NewsletterInfo[] = [];
    for (const jid of this.followed) {
      const info = await this.info("jid", jid);
      if (info !== null) found.push(info);
    }
    return found;
  }

  info(by: "jid" | "invite", key: string): Promise<NewsletterInfo | null> {
    return refusing(async () => {
      const metadata = await this.socket().newsletterMetadata(by, key);
      return metadata === null ? null : newsletterInfoOf(metadata);
    });
  }

  follow(jid: string): Promise<void> {
    return refusing(async () => {
      await this.socket().newsletterFollow(jid);
      this.followed.add(jid);
    });
  }

  unfollow(jid: string): Promise<void> {
    return refusing(async () => {
      await this.socket().newsletterUnfollow(jid);
      this.followed.delete(jid);
    });
  }
}
