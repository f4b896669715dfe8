// one person, several numbers. Every number a person was ever known by maps to the
// person's first number (the canonical one), which keys what must survive a renumbering: the
// S-5 accumulators and the F-7 commitment bar. A number without an alias is its own canonical
// number. Aliases are only ever inserted (unique _id = the number), never changed.
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn, driverCollection } from './connection';
import { insertOnce } from './writes';

export interface PersonAlias {
  /** A number the person is (or was) known by. */
  _id: string;
  /** The person's first number. */
  canonical: string;
  /** The renumbering that introduced this number. */
  changeId: string;
  at: Date;
}

const aliasSchema = new Schema<PersonAlias>(
  {
    _id: { type: String, required: true },
    canonical: { type: String, required: true, index: true },
    changeId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'person_aliases', versionKey: false },
);

export function personAliasModel(connection: mongoose.Connection) {
  return modelOn<PersonAlias>(connection, 'PersonAlias', aliasSchema);
}

/** The person's canonical number (an _id lookup, the one every backend answers from an index). */
export async function canonicalPersonId(connection: mongoose.Connection, personId: string): Promise<string> {
  const alias = await driverCollection(personAliasModel(connection)).findOne({ _id: personId }, { projection: { canonical: 1 } });
  return alias?.canonical ?? personId;
}

/** Every number of the person whose canonical number is `canonical`, that one first. */
export async function personNumbers(connection: mongoose.Connection, canonical: string): Promise<string[]> {
  const aliases = await personAliasModel(connection).find({ canonical }, { _id: 1 }).lean();
  return [canonical, ...aliases.map((a) => a._id).filter((id) => id !== canonical)];
}

/**
 * Records that `newPersonId` belongs to the person of `canonical`. Idempotent; false when the
 * number already belongs to another person (a number is never shared).
 */
export async function recordPersonAlias(
  connection: mongoose.Connection,
  alias: { newPersonId: string; canonical: string; changeId: string; at: Date },
): Promise<boolean> {
  const doc: PersonAlias = { _id: alias.newPersonId, canonical: alias.canonical, changeId: alias.changeId, at: alias.at };
  if (await insertOnce(personAliasModel(connection), doc)) return true;
  return (await canonicalPersonId(connection, alias.newPersonId)) === alias.canonical;
}
