/**
 * Migrating while other clients create and drop schemas in the same PostgreSQL database
 * (what parallel test files, or tenants' schemas, do): the migrator looks for its tables
 * across every schema, and a schema dropped during that look must not fail the start.
 */
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/platform/db/database.js";
import { dropPgSchema, newPgSchema } from "../support/databases.js";
import { PG_URL, serviceAvailable } from "../support/services.js";

const available = await serviceAvailable("postgres");

describe.skipIf(!available)("migrations beside schemas dropped meanwhile (PostgreSQL)", () => {
  it("every fresh schema migrates while another connection creates and drops schemas", async () => {
    const churn = new pg.Client({ connectionString: PG_URL });
    await churn.connect();
    const state = { stop: false };
    const churning = (async () => {
      // Schemas with a table each, so the migrator's catalog scan has rows of theirs to see.
      while (!state.stop) {
        const name = `${newPgSchema()}_churn`;
        await churn.query(`create schema ${name}; create table ${name}.t (id int)`);
        await churn.query(`drop schema ${name} cascade`);
      }
    })();
    const schemas: string[] = [];
    try {
      for (let i = 0; i < 15; i += 1) {
        const schema = newPgSchema();
        schemas.push(schema);
        const database = await openDatabase({ url: PG_URL, pgSchema: schema, poolSize: 2 });
        await database.close();
      }
    } finally {
      state.stop = true;
      await churning;
      await churn.end();
      for (const schema of schemas) await dropPgSchema(schema);
    }
    expect(schemas).toHaveLength(15);
  }, 120_000);
});
