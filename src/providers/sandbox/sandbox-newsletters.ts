/** Channels on the sandbox phone: those the instance created or follows, and contacts' ones. */
import { GroupRefusal, type NewsletterActions, type NewsletterInfo } from "../provider-groups.js";
import type { SandboxPhone } from "./sandbox-phone.js";

export class SandboxNewsletters implements NewsletterActions {
  constructor(
    private readonly phone: SandboxPhone,
    private readonly ready: () => Promise<void>,
  ) {}

  private get state() {
    return this.phone.groups;
  }

  async create(name: string, description: string): Promise<NewsletterInfo> {
    await this.ready();
    const created = this.state.addNewsletter(name, description, true);
    this.record(created.info.jid, "createNewsletter", { name, description });
    return { ...created.info };
  }

  async list(): Promise<NewsletterInfo[]> {
    await this.ready();
    return [...this.state.newsletters.values()]
      .filter((newsletter) => newsletter.followed)
      .map((newsletter) => ({ ...newsletter.info }));
  }

  async info(by: "jid" | "invite", key: string): Promise<NewsletterInfo | null> {
    await this.ready();
    const found =
      by === "jid"
        ? this.state.newsletters.get(key)
        : [...this.state.newsletters.values()].find((n) => n.inviteCode === key);
    return found === undefined ? null : { ...found.info };
  }

  async follow(jid: string): Promise<void> {
    await this.ready();
    const newsletter = this.state.newsletters.get(jid);
    if (newsletter === undefined) throw new GroupRefusal("not-found", "sandbox: no such channel");
    if (!newsletter.followed) {
      newsletter.followed = true;
      newsletter.info.subscriberCount += 1;
    }
    this.record(jid, "follow", {});
  }

  async unfollow(jid: string): Promise<void> {
    await this.ready();
    const newsletter = this.state.newsletters.get(jid);
    if (newsletter === undefined || !newsletter.followed)
      throw new GroupRefusal("not-found", "sandbox: not following this channel");
    newsletter.followed = false;
    newsletter.info.subscriberCount = Math.max(0, newsletter.info.subscriberCount - 1);
    this.record(jid, "unfollow", {});
  }

  private record(jid: string, action: string, details: Record<string, unknown>): void {
    this.phone.record({
      kind: "group",
      to: jid,
      messageId: null,
      timestamp: new Date().toISOString(),
      action,
      details,
    });
  }
}
