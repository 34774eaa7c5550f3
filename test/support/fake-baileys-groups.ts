/**
 * The group, community and channel part of the fake WhatsApp: groups the test puts in
 * `groups` answer metadata calls; every call is recorded; a failure queued for a method
 * (a Boom carrying WhatsApp's IQ code, as Baileys throws) is thrown by its next call.
 */
import { Boom } from "@hapi/boom";
import type { GroupMetadata, NewsletterMetadata } from "@whiskeysockets/baileys";

export type Recorder = (method: string, args: unknown[]) => void;

/** A Boom as Baileys throws for an IQ error: WhatsApp's code in `data`. */
export function iqError(code: number, text = "error"): Boom {
  return new Boom(text, { data: code });
}

export class FakeGroupWorld {
  readonly groups = new Map<string, GroupMetadata>();
  readonly failures = new Map<string, Error>();
  /** What groupParticipantsUpdate answers per member (default "200"). */
  readonly memberStatus = new Map<string, string>();
  inviteCode = "FAKEINVITE123";
  acceptAnswer: string | undefined = "120363000000000001@g.us";
  pending: { [key: string]: string }[] = [];

  constructor(private readonly record: Recorder) {}

  answer<T>(method: string, args: unknown[], value: () => T): Promise<T> {
    this.record(method, args);
    const failure = this.failures.get(method);
    if (failure !== undefined) {
      this.failures.delete(method);
      return Promise.reject(failure);
    }
    return Promise.resolve(value());
  }

  metadata(jid: string): GroupMetadata {
    const group = this.groups.get(jid);
    if (group === undefined) throw iqError(404, "item-not-found");
    return group;
  }

  created(subject: string, participants: string[], extra: Partial<GroupMetadata> = {}) {
    const group: GroupMetadata = {
      id: `120363${String(this.groups.size + 1).padStart(12, "0")}@g.us`,
      subject,
      owner: "5511999990000@s.whatsapp.net",
      creation: 1_700_000_000,
      participants: [
        { id: "5511999990000@s.whatsapp.net", admin: "superadmin" },
        ...participants.map((id) => ({ id, admin: null })),
      ],
      ...extra,
    };
    this.groups.set(group.id, group);
    return group;
  }

  newsletter(id: string, name: string): NewsletterMetadata {
    return { id, name, description: "news", invite: "0029VaFAKE", subscribers: 3 };
  }
}
