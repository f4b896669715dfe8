// Histories are stored as readable JSON through the proto package's own converters (the
// common package's historyToJSON trips over a second protobufjs copy in node_modules).
import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.History;
const { History } = temporal.api.history.v1;

export function historyToFile(history: temporal.api.history.v1.IHistory): string {
  // Round-trip through the wire format: the fetched object may come from another protobufjs copy.
  const message = History.decode(History.encode(history).finish());
  return JSON.stringify(History.toObject(message, { longs: String, enums: String, bytes: String }), null, 1) + '\n';
}

export function historyFromFile(text: string): History {
  return History.fromObject(JSON.parse(text));
}
