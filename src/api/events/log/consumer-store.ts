/**
 * The only place with SQL for `event_consumers`: where each registered consumer of an
 * instance's stream has got to. A consumer is registered when it opens its stream with
 * `?after=` (its word for what it has recorded) and moves forward with its acks; an ack
 * never creates a row, so a consumer that was forgotten (its integration deleted) is
 * not brought back by a stream still open.
 */
import type { Db } from "../../../platform/db/database.js";

export class ConsumerStore {
  constructor(private readonly db: Db) {}

  /** The consumer opened its stream after `ackedSeq`: that is now where it stands. */
  async register(
    instanceId: string,
    consumer: string,
    ackedSeq: number,
    at: string,
  ): Promise<void> {
    await this.db
      .insertInto("event_consumers")
      .values({ instance_id: instanceId, consumer, acked_seq: ackedSeq, updated_at: at })
      .onConflict((oc) =>
        oc
          .columns(["instance_id", "consumer"])
          .doUpdateSet({ acked_seq: ackedSeq, updated_at: at }),
      )
      .execute();
  }

  /** Moves a registered consumer forward to `seq` (never back). */
  async ack(instanceId: string, consumer: string, seq: number, at: string): Promise<void> {
    await this.db
      .updateTable("event_consumers")
      .set({ acked_seq: seq, updated_at: at })
      .where("instance_id", "=", instanceId)
      .where("consumer", "=", consumer)
      .where("acked_seq", "<", seq)
      .execute();
  }

  /** Where the consumer stands, or undefined when it is not registered. */
  async ackedSeq(instanceId: string, consumer: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom("event_consumers")
      .select("acked_seq")
      .where("instance_id", "=", instanceId)
      .where("consumer", "=", consumer)
      .executeTakeFirst();
    return row?.acked_seq;
  }

  /** The consumer stops holding back retention (its integration was removed). */
  async forgetConsumer(instanceId: string, consumer: string): Promise<void> {
    await this.db
      .deleteFrom("event_consumers")
      .where("instance_id", "=", instanceId)
      .where("consumer", "=", consumer)
      .execute();
  }
}
