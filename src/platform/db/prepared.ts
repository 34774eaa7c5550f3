/**
 * A statement built and compiled once, then run with bound values. Kysely builds a
 * query's tree and compiles it to SQL on every call (1.6 µs for a select by id, 3.2 µs
 * with four conditions, warm), and the hot statements of a relayed message or an API
 * request run thousands of times a second with the same text. A statement made here is
 * built once per open database, with a marker in place of each argument; a call binds
 * the arguments where the markers were.
 *
 * Arguments must reach the query as bound values, untouched (`where("id", "=", a.id)`),
 * and be used nowhere else: an argument that the builder transforms, inlines (`sql.lit`,
 * `sql.raw`) or inspects would be baked into the SQL with the marker's value. Building
 * refuses an argument that is read but never bound, or bound changed; it cannot see one
 * bound and also inspected (`a.name.length`). Lists of varying length (`in`) are not
 * arguments here: their text changes with their length.
 *
 * A plan depends on the dialect's compiler and the handle's plugins only. Handles
 * without plugins (ponte's, and their transactions', which are new objects each time)
 * share one plan per open database, keyed by its dialect adapter (one per database,
 * shared by its transactions); a handle with plugins plans for itself.
 */
import type { Compilable, CompiledQuery, Kysely, QueryResult } from "kysely";

/** What a bound argument may be: a value both drivers bind as is (SQLite has no booleans). */
export type Bindable = string | number | bigint | null | Buffer;

/** Starts every marker: no argument of ponte's begins with a NUL character. */
const MARK = "\u0000ponte-argument:";

interface Plan<A> {
  compiled: CompiledQuery;
  /** For each parameter of the compiled statement, the argument it takes, if any. */
  bindings: (keyof A | undefined)[];
}

export class Prepared<DB, A extends { [K in keyof A]: Bindable }, O> {
  private readonly plans = new WeakMap<object, Plan<A>>();

  constructor(private readonly build: (db: Kysely<DB>, args: A) => Compilable<O>) {}

  async execute(db: Kysely<DB>, args: A): Promise<QueryResult<O>> {
    const plan = this.plans.get(planKey(db)) ?? this.plan(db);
    const parameters = plan.compiled.parameters.map((constant, i) => {
      const name = plan.bindings[i];
      return name === undefined ? constant : args[name];
    });
    return await db.executeQuery<O>({ ...plan.compiled, parameters });
  }

  async all(db: Kysely<DB>, args: A): Promise<O[]> {
    return (await this.execute(db, args)).rows;
  }

  async first(db: Kysely<DB>, args: A): Promise<O | undefined> {
    return (await this.execute(db, args)).rows[0];
  }

  /** The first row of a statement that always returns one (an aggregate, a RETURNING upsert). */
  async only(db: Kysely<DB>, args: A): Promise<O> {
    const row = await this.first(db, args);
    if (row === undefined) throw new Error("a prepared statement that returns a row returned none");
    return row;
  }

  private plan(db: Kysely<DB>): Plan<A> {
    const read = new Set<string>();
    const markers = new Proxy({} as A, {
      get(_, key) {
        const name = String(key);
        read.add(name);
        return MARK + name;
      },
    });
    const compiled = this.build(db, markers).compile();
    if (compiled.sql.includes(MARK)) {
      throw new Error("a prepared statement's argument was written into its SQL");
    }
    const bindings = compiled.parameters.map((value): keyof A | undefined => {
      if (typeof value !== "string" || !value.includes(MARK)) return undefined;
      const name = value.slice(MARK.length);
      if (!value.startsWith(MARK) || !read.has(name)) {
        throw new Error("a prepared statement's argument was changed before it was bound");
      }
      return name as keyof A;
    });
    for (const name of read) {
      if (!bindings.includes(name as keyof A)) {
        throw new Error(`a prepared statement's argument "${name}" is not bound as a value`);
      }
    }
    const plan = { compiled, bindings };
    this.plans.set(planKey(db), plan);
    return plan;
  }
}

/**
 * What a handle's plans are kept under: see the module's note. Kysely marks
 * `getExecutor` internal; its version is pinned, and the tests check that a transaction
 * shares its database's plan.
 */
function planKey<DB>(db: Kysely<DB>): object {
  const executor = db.getExecutor();
  return executor.plugins.length === 0 ? executor.adapter : db;
}

/**
 * True of a statement as it is planned, with markers for its arguments: a handle's
 * plugins see a prepared statement then, once, and never its runs (which go through
 * `executeQuery` already compiled).
 */
export function isPlan(query: CompiledQuery): boolean {
  return query.parameters.some((value) => typeof value === "string" && value.startsWith(MARK));
}

/** A statement compiled once per database handle; see the module's note. */
export function prepared<DB, A extends { [K in keyof A]: Bindable }, O>(
  build: (db: Kysely<DB>, args: A) => Compilable<O>,
): Prepared<DB, A, O> {
  return new Prepared(build);
}
