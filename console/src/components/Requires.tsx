// A page whose endpoint the API does not serve yet says so, and appears by itself once the API
// serves it (capabilities are read from the served OpenAPI document).
import { Empty, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { useSession } from '../session';

export function Requires({ ops, children }: { ops: readonly string[]; children: ReactNode }) {
  const { can } = useSession();
  const t = useT();
  const missing = ops.filter((op) => !can(op));
  if (!missing.length) return <>{children}</>;
  return (
    <Empty
      data-testid="not-served"
      description={
        <span>
          {t('此功能的接口尚未上线：', 'The API does not serve this yet: ')}
          {missing.map((op) => (
            <Typography.Text code key={op}>
              {op}
            </Typography.Text>
          ))}
          <br />
          {t('接口上线后本页自动可用。', 'This page works as soon as it does.')}
        </span>
      }
    />
  );
}
