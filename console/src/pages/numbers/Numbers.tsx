// U-4: the numbers people compare, drawn (Apache ECharts) beside their tables, each exportable to
// CSV: the daily error report (M-2), monitoring indicators over months per hospital and their
// warnings (M-1), advance usage against its alert lines (P-5), clearing rates (P-2). A hospital
// sees only its own error report; the rest is a region's.
import { Card, Tabs, Typography } from 'antd';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { AdvancesTab } from './AdvancesTab';
import { ClearingRatesTab } from './ClearingRatesTab';
import { ErrorReportTab } from './ErrorReportTab';
import { IndicatorsTab } from './IndicatorsTab';
import { WarningsTab } from './WarningsTab';

export function Numbers() {
  const t = useT();
  const { me } = useSession();
  const region = me.role !== 'HOSPITAL';
  const items = [
    { key: 'errors', label: t('报错日报（M-2）', 'Error report (M-2)'), children: <ErrorReportTab /> },
    ...(region
      ? [
          {
            key: 'indicators',
            label: t('监测指标（M-1）', 'Indicators (M-1)'),
            children: <IndicatorsTab />,
          },
          {
            key: 'warnings',
            label: t('监测预警', 'Warnings'),
            children: <WarningsTab />,
          },
          {
            key: 'advances',
            label: t('预付金（P-5）', 'Advances (P-5)'),
            children: <AdvancesTab />,
          },
          {
            key: 'clearing',
            label: t('清算率（P-2）', 'Clearing rates (P-2)'),
            children: <ClearingRatesTab />,
          },
        ]
      : []),
  ];
  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('监测与统计', 'Numbers')}
      </Typography.Title>
      <Tabs items={items} destroyOnHidden />
    </Card>
  );
}
