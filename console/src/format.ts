// Money is integer fen in the API (1 yuan = 100 fen); people read and type yuan.
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

export function fenFromYuan(value: number | string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? Math.round(n * 100) : undefined;
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${Number(value.toFixed(2))}%`;
}

/** Today in Asia/Shanghai, YYYY-MM-DD (the API's calendar, whatever the browser's zone). */
export function todayInShanghai(now = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(now));
}

export function monthInShanghai(now = Date.now()): string {
  return todayInShanghai(now).slice(0, 7);
}

/** A date "valid through D" ends at 00:00 Asia/Shanghai of D + 1 (T-1, T-4). */
export function endOfDayInShanghai(date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`) + 24 * 3600 * 1000;
}

/** An ISO timestamp shown in Asia/Shanghai as YYYY-MM-DD HH:mm:ss. */
export function timestamp(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** GB 11643: the check character of an 18-character resident ID (ISO 7064 MOD 11-2). */
export function personIdProblem(id: string): string | null {
  if (!/^\d{17}[\dXx]$/.test(id)) return 'length';
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  const check = '10X98765432'[sum % 11];
  return id[17].toUpperCase() === check ? null : 'check';
}
