// The signed-in session: the API key lives in sessionStorage only (gone when the browser tab
// closes), the caller from GET /api/v1/me, the language, and what this server serves that depends
// on how it runs (simulation mode).
import { createContext, useContext } from 'react';
import type { Schemas } from './api/client';
import type { Capabilities } from './api/capabilities';
import type { Lang } from './i18n';

export type Me = Schemas['Me'];
export type Role = Me['role'];

export const KEY_STORAGE = 'console.apiKey';
export const LANG_STORAGE = 'console.lang';

export interface Session {
  me: Me;
  capabilities: Capabilities;
  lang: Lang;
  setLang(lang: Lang): void;
  signOut(): void;
  /** Whether this server serves an operation such as "POST /api/v1/dev/clock/advance" (simulation only). */
  can(operation: string): boolean;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
