// M-2 drawn (U-4): the day's rejections by error code beside the last seven days' totals, and the
// table of codes with their routes and agencies, exportable to CSV.
import { Button, Card, Col, Form, Input, Row, Space, Statistic } from 'antd';
import { useMemo, useState } from 'react';
import { client, unwrap, type Schemas } from '../../api/client';
import { Chart, type ChartOption } from '../../components/Chart';
import { DataList } from '../../components/DataList';
import { ActionError } from '../../components/formErrors';
import { useApi } from '../../components/useApi';
import { todayInShanghai } from '../../format';
import { useT } from '../../i18n';

type ErrorReport = Schemas['ErrorReport'];
type CodeRow = ErrorReport['byCode'][number];

function daysBefore(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00+08:00`);
  d.setUTCDate(d.getUTCDate() - n);
  return todayInShanghai(d.getTime());
}

export function ErrorReportTab() {
  const t = useT();
  const [day, setDay] = useState(todayInShanghai());
  const report = useApi(() => unwrap(client.GET('/api/v1/monitoring/error-report', { params: { query: { day } } })), [day]);
  const week = useApi(
    () =>
      Promise.all(
        Array.from({ length: 7 }, (_, i) => daysBefore(day, 6 - i)).map((d) =>
          unwrap(client.GET('/api/v1/monitoring/error-report', { params: { query: { day: d } } })).then((r) => ({
            day: d,
            total: r.total,
          })),
        ),
      ),
    [day],
  );
  const rows = useMemo(() => report.data?.byCode ?? [], [report.data]);
  const byCode = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 180, right: 24, top: 16, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((r) => r.code).reverse() },
      series: [{ type: 'bar', name: t('次数', 'count'), data: rows.map((r) => r.count).reverse(), itemStyle: { color: '#d4380d' } }],
    }),
    [rows, t],
  );
  const trend = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 24 },
      xAxis: { type: 'category', data: (week.data ?? []).map((w) => w.day.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'line', name: t('报错总数', 'rejections'), data: (week.data ?? []).map((w) => w.total), areaStyle: {} }],
    }),
    [week.data, t],
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form layout="inline" initialValues={{ day }} onFinish={(v: { day: string }) => v.day && setDay(v.day)}>
        <Form.Item label={t('日期', 'Day')} name="day">
          <Input type="date" name="day" />
        </Form.Item>
        <Button htmlType="submit">{t('查看', 'Show')}</Button>
        <Statistic style={{ marginLeft: 24 }} title={t('当日报错', 'Rejections that day')} value={report.data?.total ?? 0} />
      </Form>
      <ActionError error={report.error} />
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('按错误码', 'By error code')}>
            <Chart option={byCode} label={t('当日报错按错误码', 'Rejections of the day by error code')} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('近 7 天', 'Last 7 days')}>
            <Chart option={trend} label={t('近 7 天报错趋势', 'Rejections over the last 7 days')} />
          </Card>
        </Col>
      </Row>
      <DataList<CodeRow>
        caption={t('报错日报', 'Error report')}
        rows={rows}
        rowKey={(r) => r.code}
        fileName={`error-report-${day}`}
        loading={report.loading}
        columns={[
          { key: 'code', title: t('错误码', 'Code'), csv: (r) => r.code },
          { key: 'category', title: t('类别', 'Category'), csv: (r) => r.category },
          { key: 'status', title: 'HTTP', csv: (r) => r.status },
          { key: 'count', title: t('次数', 'Count'), csv: (r) => r.count, align: 'right' },
          {
            key: 'routes',
            title: t('接口与机构', 'Routes and agencies'),
            csv: (r) => r.routes.map((x) => `${x.route} ${x.agencyId} ×${x.count}`).join('; '),
          },
        ]}
      />
    </Space>
  );
}
