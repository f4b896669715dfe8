// Issue 14: an administrator reading a case gets a link to its workflow in the Temporal UI, where
// its history, timers and search attributes are (payloads decrypted there through /codec). Other
// roles never see it: the UI is an operator's tool, not an agency's.
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';

export function withTemporalLink<T extends { id: string }>(ctx: AppContext, principal: Principal, doc: T): T & { temporalUiUrl?: string } {
  const base = ctx.config.TEMPORAL_UI_URL;
  if (principal.role !== 'ADMIN' || !base) return doc;
  const namespace = encodeURIComponent(ctx.config.TEMPORAL_NAMESPACE);
  return { ...doc, temporalUiUrl: `${base}/namespaces/${namespace}/workflows/${encodeURIComponent(doc.id)}` };
}
