// One mongoose connection per process. FerretDB (embedded) and MongoDB (production) both
// speak the wire protocol; nothing here relies on transactions or change streams.
//
// Indexes are built here, not by mongoose's autoIndex, because the two backends want different
// ones: MongoDB gets every index the schemas declare (inquiry and clearing query by person,
// region and period); FerretDB's SQLite backend answers every query but a lookup by _id by
// reading the whole table, so a secondary index there is never read and only makes each insert
// parse the document once more. It gets the unique indexes alone: those carry idempotency.
import mongoose from 'mongoose';

export type DatabaseBackend = 'mongodb' | 'ferretdb';

export async function connectDatabase(uri: string): Promise<mongoose.Connection> {
  const connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000, autoIndex: false }).asPromise();
  await databaseBackend(connection);
  return connection;
}

export async function pingDatabase(connection: mongoose.Connection): Promise<boolean> {
  try {
    if (!connection.db) return false;
    await connection.db.admin().ping();
    return true;
  } catch {
    return false;
  }
}

/**
 * What `load` answers for a connection, loaded once and kept; a load that fails (a database away
 * at the first ask) is tried again at the next one. `forget` drops what was kept.
 */
export function perConnection<T>(load: (connection: mongoose.Connection) => Promise<T>) {
  const kept = new WeakMap<mongoose.Connection, Promise<T>>();
  return {
    get(connection: mongoose.Connection): Promise<T> {
      let value = kept.get(connection);
      if (!value) {
        value = load(connection);
        value.catch(() => kept.delete(connection));
        kept.set(connection, value);
      }
      return value;
    },
    forget(connection: mongoose.Connection): void {
      kept.delete(connection);
    },
  };
}

const backends = perConnection((connection) =>
  connection
    .asPromise()
    .then((c) => c.db!.admin().command({ buildInfo: 1 }))
    .then((info): DatabaseBackend => ('ferretdbVersion' in info ? 'ferretdb' : 'mongodb')),
);

/** Which server is behind the connection (FerretDB names itself in buildInfo). */
export function databaseBackend(connection: mongoose.Connection): Promise<DatabaseBackend> {
  return backends.get(connection);
}

/** The indexes to build for a model on a backend (see the header). */
export function indexesFor(model: mongoose.Model<any>, backend: DatabaseBackend): ReturnType<mongoose.Schema['indexes']> {
  const declared = model.schema.indexes();
  return backend === 'ferretdb' ? declared.filter(([, options]) => options?.unique === true) : declared;
}

/** Creates each model's collection and indexes and waits for them (unique keys carry idempotency). */
export async function ensureIndexes(models: mongoose.Model<any>[]): Promise<void> {
  for (const model of models) {
    await model.init(); // the collection (autoCreate); indexes are ours
    const backend = await databaseBackend(model.db);
    for (const [fields, options] of indexesFor(model, backend)) {
      await model.collection.createIndex(fields as mongoose.mongo.IndexSpecification, options as mongoose.mongo.CreateIndexesOptions);
    }
  }
}

/** The named model on this connection, created on first use (one connection per process, many per test). */
export function modelOn<T>(connection: mongoose.Connection, name: string, schema: mongoose.Schema<T>): mongoose.Model<T> {
  return (connection.models[name] as mongoose.Model<T> | undefined) ?? connection.model<T>(name, schema);
}

/**
 * The model's collection as the driver sees it, typed by the model's documents. For hot paths
 * that build complete documents themselves: no casting, no validation, no document objects.
 */
export function driverCollection<T extends mongoose.mongo.Document>(model: mongoose.Model<T>): mongoose.mongo.Collection<T> {
  return model.collection as unknown as mongoose.mongo.Collection<T>;
}
