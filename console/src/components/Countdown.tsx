// The next deadline of a case, counting down: a date "through D" ends at 00:00 Asia/Shanghai of
// D + 1 (T-1); past it the case is marked overdue.
import { Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useLabel, useT } from '../i18n';
import { endOfDayInShanghai } from '../format';

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function Countdown({ date, kind, compact }: { date: string | null | undefined; kind?: string | null; compact?: boolean }) {
  const t = useT();
  const label = useLabel();
  const now = useNow(1000);
  if (!date) return <Typography.Text type="secondary">{t('无', 'none')}</Typography.Text>;
  const left = endOfDayInShanghai(date) - now;
  const what = kind && !compact ? `${label(kind)} ` : '';
  if (left <= 0) {
    return (
      <span data-testid="countdown">
        {what}
        {date} <Tag color="red">{t('已逾期', 'overdue')}</Tag>
      </span>
    );
  }
  const days = Math.floor(left / 86_400_000);
  const hours = Math.floor((left % 86_400_000) / 3_600_000);
  const minutes = Math.floor((left % 3_600_000) / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  const clock = `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  const remaining = compact ? t(`剩 ${days} 天`, `${days} d left`) : t(`剩余 ${days} 天 ${clock}`, `${days} d ${clock} left`);
  return (
    <span data-testid="countdown" title={kind ? label(kind) : undefined}>
      {what}
      {date}{' '}
      <Tag color={days < 3 ? 'orange' : 'blue'} role="timer">
        {remaining}
      </Tag>
    </span>
  );
}
