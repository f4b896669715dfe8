// The dev stack keeps every case across a restart: the Temporal dev server and FerretDB (on SQLite
// and on PostgreSQL), started
// the way scripts/stack.ts starts them (a data dir each), still have their state after a stop
// and a fresh start on the same folders.
import { Client, Connection } from '@temporalio/client';
import mongoose from 'mongoose';
import path from 'node:path';
import { startFerret } from '../../scripts/servers/ferret';
import { startPostgres } from '../../scripts/servers/postgres';
import { startTemporalDev } from '../../scripts/servers/temporalDev';

const dataRoot = () => path.join(process.env.TEST_DATA_DIR!, `persistence-${process.pid}`);

describe('dev stack persistence across restarts', () => {
  it('Temporal dev server keeps a running workflow', async () => {
    const dataDir = path.join(dataRoot(), 'temporal');
    const workflowId = `persist-${Date.now()}`;

    let server = await startTemporalDev({ dataDir, uiPort: false });
    try {
      const connection = await Connection.connect({ address: server.address });
      const client = new Client({ connection });
      // no worker polls this queue: the workflow simply stays RUNNING
      await client.workflow.start('notRegisteredAnywhere', { taskQueue: 'nobody-polls-this', workflowId, args: [] });
      await connection.close();
    } finally {
      await server.stop();
    }

    server = await startTemporalDev({ dataDir, uiPort: false });
    try {
      const connection = await Connection.connect({ address: server.address });
      const client = new Client({ connection });
      const description = await client.workflow.getHandle(workflowId).describe();
      expect(description.status.name).toBe('RUNNING');
      await client.workflow.getHandle(workflowId).terminate('test done');
      await connection.close();
    } finally {
      await server.stop();
    }
  });

  it('FerretDB on SQLite keeps documents', async () => {
    const dataDir = path.join(dataRoot(), 'ferretdb');
    let server = await startFerret({ dataDir, dbName: 'persist' });
    try {
      const conn = await mongoose.createConnection(server.uri).asPromise();
      await conn.db!.collection('cases').insertOne({ caseId: 'c-1', status: 'ACTIVE' });
      await conn.close();
    } finally {
      await server.stop();
    }

    server = await startFerret({ dataDir, dbName: 'persist' });
    try {
      const conn = await mongoose.createConnection(server.uri).asPromise();
      const doc = await conn.db!.collection('cases').findOne({ caseId: 'c-1' });
      expect(doc?.status).toBe('ACTIVE');
      await conn.close();
    } finally {
      await server.stop();
    }
  });

  it('FerretDB on PostgreSQL (the npm start default) keeps documents across a restart of both', async () => {
    const pgDir = path.join(dataRoot(), 'postgres');
    const dataDir = path.join(dataRoot(), 'ferretdb-pg');
    const run = async (work: (db: mongoose.mongo.Db) => Promise<void>) => {
      const pg = await startPostgres({ dataDir: pgDir });
      try {
        const server = await startFerret({
          dataDir,
          dbName: 'persist',
          postgresqlUrl: `postgres://${pg.user}@${pg.host}:${pg.port}/postgres`,
        });
        try {
          const conn = await mongoose.createConnection(server.uri).asPromise();
          await work(conn.db!);
          await conn.close();
        } finally {
          await server.stop();
        }
      } finally {
        await pg.stop();
      }
    };
    await run(async (db) => void (await db.collection('cases').insertOne({ caseId: 'c-1', status: 'ACTIVE' })));
    await run(async (db) => expect((await db.collection('cases').findOne({ caseId: 'c-1' }))?.status).toBe('ACTIVE'));
  });
});
