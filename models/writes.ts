// The two write shapes everything here is built from, since FerretDB has no transactions and
// applies conditional updates non-atomically: an insert against a unique key (the only atomic
// operation both backends offer), and a read model that only ever moves to a newer revision.
import type mongoose from 'mongoose';
import { driverCollection } from './connection';

/** A refusal for a unique key, also from a bulk insert whose every failure is one. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number; err?: { code?: number } }> };
  if (e.writeErrors?.length) return e.writeErrors.every((w) => (w.code ?? w.err?.code) === 11000);
  return e.code === 11000;
}

/**
 * Inserts a complete document with the driver (no mongoose casting: for documents built field
 * by field on hot paths). False when a unique key already holds it: the write happened before.
 */
export async function insertOnce<T extends mongoose.mongo.Document>(model: mongoose.Model<T>, doc: T): Promise<boolean> {
  try {
    await driverCollection(model).insertOne(doc as mongoose.mongo.OptionalUnlessRequiredId<T>);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * Writes a read model's view under `_id` unless one with this or a newer revision is stored, so
 * replays and retried activities are harmless. False when nothing was written.
 */
export async function saveNewerRevision<T extends { revision: number }>(
  model: mongoose.Model<T>,
  _id: string,
  view: Omit<T, '_id'>,
): Promise<boolean> {
  const replaced = await model.updateOne({ _id, revision: { $lt: view.revision } } as mongoose.FilterQuery<T>, {
    $set: view as Partial<T>,
  });
  if (replaced.matchedCount > 0) return true;
  try {
    await model.create({ ...view, _id });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
