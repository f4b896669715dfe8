// E-2: a case's timeline, who did what and when, newest last.
import { Timeline, Typography } from 'antd';
import { useT } from '../i18n';
import { timestamp } from '../format';

export interface CaseEvent {
  seq: number;
  at: string;
  type: string;
  actor: string;
  note?: string;
  data?: Record<string, unknown>;
}

export function CaseTimeline({ events }: { events: readonly CaseEvent[] }) {
  const t = useT();
  if (!events.length) return <Typography.Text type="secondary">{t('暂无记录', 'No events yet')}</Typography.Text>;
  return (
    <Timeline
      items={events.map((e) => ({
        key: e.seq,
        content: (
          <div>
            <Typography.Text strong>{e.type}</Typography.Text> <Typography.Text type="secondary">{timestamp(e.at)}</Typography.Text>
            <div style={{ fontSize: 12 }}>
              {t('办理方', 'by')} {e.actor}
              {e.note ? ` · ${e.note}` : ''}
            </div>
          </div>
        ),
      }))}
    />
  );
}
