import { Tag } from 'antd';
import { useLabel } from '../i18n';

const COLORS: Record<string, string> = {
  ACTIVE: 'green',
  SETTLED: 'green',
  CONFIRMED: 'green',
  CLOSED: 'green',
  RECONCILED: 'green',
  PAID: 'green',
  ACKNOWLEDGED: 'green',
  NONE: 'green',
  COMMITMENT_PENDING: 'gold',
  AWAITING_RESPONSE: 'blue',
  AWAITING_CONFIRMATION: 'gold',
  AWAITING_PAYMENT: 'gold',
  NEGOTIATING: 'orange',
  EXCEPTIONS: 'orange',
  YELLOW: 'gold',
  OPEN: 'orange',
  ESCALATED: 'red',
  OVERDUE: 'red',
  LAPSED: 'red',
  SUSPENDED: 'red',
  RED: 'red',
  REVERSED: 'default',
  CANCELLED: 'default',
  EXPIRED: 'default',
  SUPERSEDED: 'default',
  ENDED: 'default',
};

export function StatusTag({ value }: { value: string | null | undefined }) {
  const label = useLabel();
  if (!value) return null;
  return (
    <Tag color={COLORS[value] ?? 'processing'} data-status={value}>
      {label(value)}
    </Tag>
  );
}
