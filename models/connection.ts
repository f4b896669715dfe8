// One mongoose connection per process. FerretDB (embedded) and MongoDB (production) both
// speak the wire protocol; nothing here relies on transactions or change streams.
import mongoose from 'mongoose';

export async function connectDatabase(uri: string): Promise<mongoose.Connection> {
  const connection = await mongoose
    .createConnection(uri, { serverSelectionTimeoutMS: 5000, autoIndex: true })
    .asPromise();
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

/** Builds every model on this connection and waits for their indexes (unique keys carry idempotency). */
export async function ensureIndexes(models: mongoose.Model<any>[]): Promise<void> {
  for (const model of models) await model.init();
}

/** The named model on this connection, created on first use (one connection per process, many per test). */
export function modelOn<T>(connection: mongoose.Connection, name: string, schema: mongoose.Schema<T>): mongoose.Model<T> {
  return (connection.models[name] as mongoose.Model<T> | undefined) ?? connection.model<T>(name, schema);
}
