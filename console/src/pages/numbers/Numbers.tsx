// U-4: the numbers people compare, drawn (Apache ECharts) beside their tables, each exportable to
// CSV: the daily error report (M-2), monitoring indicators over months per hospital and their
// warnings (M-1), advance usage against its 70% and 90% lines (P-5), clearing rates (P-2).
// Tabs whose endpoints the API does not serve yet say so and fill in once it does.
import { Button, Card, Col, Form, Input, Row, Space, Statistic, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { client, requestUntyped, unwrap, type Schemas } from '../../api/client';
import { itemsOf, type PlannedAdvance, type PlannedClearing, type PlannedIndicator, type PlannedWarning } from '../../api/planned';
import { ActionButton } from '../../components/ActionButton';
import { Chart, type ChartOption } from '../../components/Chart';
import { DataList } from '../../components/DataList';
import { ActionError } from '../../components/formErrors';
import { Requires } from '../../components/Requires';
import { StatusTag } from '../../components/StatusTag';
import { useApi } from '../../components/useApi';
import { percent, todayInShanghai, yuan } from '../../format';
import { useLabel, useT } from '../../i18n';
import { useSession } from '../../session';
import { useRateChart } from '../clearing/Clearings';

type ErrorReport = Schemas['ErrorReport'];
type CodeRow = ErrorReport['byCode'][number];

function lastMonths(n: number): string[] {
  const [year, month] = todayInShanghai().split('-').map(Number);
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(year, month - 1 - (n - 1 - i), 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

function daysBefore(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00+08:00`);
  d.setUTCDate(d.getUTCDate() - n);
  return todayInShanghai(d.getTime());
}

function ErrorReportTab() {
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

function IndicatorsTab() {
  const t = useT();
  // One month per request (period is required): the last twelve months, oldest first.
  const periods = useMemo(() => lastMonths(12), []);
  const list = useApi(
    () =>
      Promise.all(
        periods.map((period) =>
          requestUntyped<unknown>('GET', `/api/v1/monitoring/indicators?period=${period}`).then((a) => itemsOf<PlannedIndicator>(a)),
        ),
      ).then((months) => months.flat()),
    [periods],
  );
  const rows = useMemo(() => [...(list.data ?? [])].sort((a, b) => a.period.localeCompare(b.period)), [list.data]);
  // A line per hospital, and one per region pair (the rows without hospitalId).
  const lineOf = (r: PlannedIndicator) => r.hospitalId ?? `${r.insuredRegion}→${r.treatmentRegion}`;
  const lines = [...new Set(rows.map(lineOf))];
  const series = (value: (r: PlannedIndicator) => number) =>
    lines.map((name) => ({
      name,
      type: 'line',
      connectNulls: true,
      showAllSymbol: true,
      symbolSize: 8,
      data: periods.map((p) => {
        const row = rows.find((r) => r.period === p && lineOf(r) === name);
        return row ? value(row) : null;
      }),
    }));
  const cost: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 60, right: 16, top: 36, bottom: 24 },
    xAxis: { type: 'category', data: periods },
    yAxis: { type: 'value', name: t('次均费用(元)', 'avg cost (yuan)') },
    series: series((r) => r.avgCostFen / 100),
  };
  const deduction: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 48, right: 16, top: 36, bottom: 24 },
    xAxis: { type: 'category', data: periods },
    yAxis: {
      type: 'value',
      max: (v: { max: number }) => Math.max(v.max, (rows[0]?.localDeductionRatePercent ?? 0) * 1.2),
      axisLabel: { formatter: '{value}%' },
    },
    series: series((r) => r.deductionRatePercent).map((line, i) =>
      // M-1: the deduction rate is compared with the region's local rate (policy data).
      i === 0 && rows.length
        ? {
            ...line,
            markLine: {
              symbol: 'none',
              lineStyle: { color: '#d4b106' },
              data: [
                {
                  yAxis: rows[0].localDeductionRatePercent,
                  label: { position: 'insideEndTop', formatter: t('本地扣款率 {c}%', 'local rate {c}%') },
                },
              ],
            },
          }
        : line,
    ),
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ActionError error={list.error} />
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('次均费用（按月、按医院）', 'Average cost per visit, by month and hospital')}>
            <Chart option={cost} label={t('次均费用趋势', 'Average cost per visit over months')} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('审核扣款率', 'Audit deduction rate')}>
            <Chart option={deduction} label={t('审核扣款率趋势', 'Audit deduction rate over months')} />
          </Card>
        </Col>
      </Row>
      <DataList<PlannedIndicator>
        caption={t('监测指标', 'Indicators')}
        rows={rows}
        rowKey={(r) => `${r.period}-${r.insuredRegion}-${r.treatmentRegion}-${r.hospitalId ?? ''}`}
        fileName="indicators"
        loading={list.loading}
        columns={[
          { key: 'period', title: t('月份', 'Month'), csv: (r) => r.period },
          { key: 'pair', title: t('参保地→就医地', 'Insured → treatment'), csv: (r) => `${r.insuredRegion}->${r.treatmentRegion}` },
          { key: 'hospital', title: t('医院', 'Hospital'), csv: (r) => r.hospitalId ?? '' },
          { key: 'visits', title: t('人次', 'Visits'), csv: (r) => r.visits, align: 'right' },
          { key: 'total', title: t('总费用(元)', 'Total'), csv: (r) => yuan(r.totalFen), align: 'right' },
          { key: 'fund', title: t('基金支付(元)', 'Fund'), csv: (r) => yuan(r.fundFen), align: 'right' },
          { key: 'avg', title: t('次均(元)', 'Avg'), csv: (r) => yuan(r.avgCostFen), align: 'right' },
          { key: 'mom', title: t('环比', 'MoM'), csv: (r) => percent(r.avgCostGrowthPercent ?? null) },
          { key: 'yoy', title: t('同比', 'YoY'), csv: (r) => percent(r.yoyGrowthPercent ?? null) },
          { key: 'reimb', title: t('报销比', 'Reimbursed'), csv: (r) => percent(r.reimbursementPercent) },
          {
            key: 'ded',
            title: t('扣款率/本地', 'Deduction / local'),
            csv: (r) => `${percent(r.deductionRatePercent)} / ${percent(r.localDeductionRatePercent)}`,
          },
        ]}
      />
    </Space>
  );
}

function WarningsTab() {
  const t = useT();
  const label = useLabel();
  const { me } = useSession();
  const list = useApi(() => requestUntyped<unknown>('GET', '/api/v1/monitoring/warnings').then((a) => itemsOf<PlannedWarning>(a)), []);
  return (
    <>
      <ActionError error={list.error} />
      <DataList<PlannedWarning>
        caption={t('监测预警', 'Warnings')}
        rows={list.data ?? []}
        rowKey={(w) => w.id}
        fileName="warnings"
        loading={list.loading}
        columns={[
          { key: 'period', title: t('月份', 'Month'), csv: (w) => w.period },
          { key: 'kind', title: t('类别', 'Kind'), csv: (w) => w.kind, render: (w) => label(w.kind) },
          {
            key: 'scope',
            title: t('范围', 'Scope'),
            csv: (w) =>
              typeof w.scope === 'string'
                ? w.scope
                : `${w.scope.insuredRegion}->${w.scope.treatmentRegion}${w.scope.hospitalId ? ` ${w.scope.hospitalId}` : ''}`,
          },
          { key: 'value', title: t('数值/阈值', 'Value / threshold'), csv: (w) => `${w.value} / ${w.threshold}` },
          { key: 'status', title: t('状态', 'Status'), csv: (w) => w.status, render: (w) => <StatusTag value={w.status} /> },
          { key: 'note', title: t('处置说明', 'Note'), csv: (w) => w.note ?? '' },
          {
            key: 'actions',
            title: t('操作', 'Actions'),
            csv: () => '',
            render: (w) =>
              me.role === 'INSURED_CLERK' && w.status === 'OPEN' ? (
                <ActionButton<{ note: string }>
                  label={t('处置', 'Acknowledge')}
                  title={t('预警评估处置（M-1）', 'Acknowledge the warning (M-1)')}
                  submit={(values, keys) =>
                    keys.send(values, (key) =>
                      requestUntyped('POST', `/api/v1/monitoring/warnings/${encodeURIComponent(w.id)}/acknowledgement`, {
                        body: { note: values.note.trim() },
                        idempotencyKey: key,
                      }),
                    )
                  }
                  onDone={list.reload}
                >
                  <Form.Item
                    label={t('评估与处置说明', 'Assessment and action')}
                    name="note"
                    rules={[{ required: true, whitespace: true }]}
                  >
                    <Input.TextArea name="note" rows={3} />
                  </Form.Item>
                </ActionButton>
              ) : null,
          },
        ]}
      />
    </>
  );
}

function AdvancesTab() {
  const t = useT();
  const label = useLabel();
  const list = useApi(() => requestUntyped<unknown>('GET', '/api/v1/advances').then((a) => itemsOf<PlannedAdvance>(a)), []);
  const rows = list.data ?? [];
  // P-5 alert lines: 70% and 90% unless the API says otherwise.
  const yellow = rows[0]?.yellowPercent ?? 70;
  const red = rows[0]?.redPercent ?? 90;
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 110, right: 40, top: 16, bottom: 24 },
    xAxis: { type: 'value', max: (v: { max: number }) => Math.max(100, Math.ceil(v.max)), axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: rows.map((r) => `${r.insuredRegion}→${r.treatmentRegion}`) },
    series: [
      {
        type: 'bar',
        name: t('预付金使用率', 'usage'),
        data: rows.map((r) => ({
          value: r.usagePercent,
          itemStyle: { color: r.usagePercent >= red ? '#cf1322' : r.usagePercent >= yellow ? '#d4b106' : '#1d5fa8' },
        })),
        markLine: {
          symbol: 'none',
          data: [
            { xAxis: yellow, lineStyle: { color: '#d4b106' }, label: { formatter: t(`黄线 ${yellow}%`, `yellow ${yellow}%`) } },
            { xAxis: red, lineStyle: { color: '#cf1322' }, label: { formatter: t(`红线 ${red}%`, `red ${red}%`) } },
          ],
        },
      },
    ],
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ActionError error={list.error} />
      <Card size="small" title={t('预付金使用率与预警线（P-5）', 'Advance usage against its alert lines (P-5)')}>
        <Chart option={option} height={Math.max(200, rows.length * 40 + 60)} label={t('预付金使用率', 'Advance usage')} />
      </Card>
      <DataList<PlannedAdvance>
        caption={t('预付金', 'Advances')}
        rows={rows}
        rowKey={(r) => `${r.insuredRegion}-${r.treatmentRegion}`}
        fileName="advances"
        loading={list.loading}
        columns={[
          { key: 'pair', title: t('参保地→就医地', 'Insured → treatment'), csv: (r) => `${r.insuredRegion}->${r.treatmentRegion}` },
          { key: 'quota', title: t('年度额度(元)', 'Quota'), csv: (r) => yuan(r.quotaFen), align: 'right' },
          { key: 'balance', title: t('余额(元)', 'Balance'), csv: (r) => yuan(r.balanceFen), align: 'right' },
          { key: 'outstanding', title: t('未清算(元)', 'Outstanding'), csv: (r) => yuan(r.outstandingFen), align: 'right' },
          { key: 'usage', title: t('使用率', 'Usage'), csv: (r) => percent(r.usagePercent) },
          { key: 'alert', title: t('预警', 'Alert'), csv: (r) => r.alert, render: (r) => <StatusTag value={r.alert} /> },
          {
            key: 'topUp',
            title: t('紧急调增', 'Top-up'),
            csv: (r) => r.topUpRequestId ?? '',
            render: (r) => r.topUpRequestId ?? label(null),
          },
        ]}
      />
    </Space>
  );
}

function ClearingRatesTab() {
  const t = useT();
  const list = useApi(() => requestUntyped<unknown>('GET', '/api/v1/clearings?pageSize=100').then((a) => itemsOf<PlannedClearing>(a)), []);
  const rows = useMemo(() => [...(list.data ?? [])].sort((a, b) => a.period.localeCompare(b.period)), [list.data]);
  const option = useRateChart(rows, t);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ActionError error={list.error} />
      <Card size="small" title={t('对账率、结算率、申请率（P-2）', 'Reconciliation, settlement and application rates (P-2)')}>
        <Chart option={option} label={t('清算三率', 'Clearing rates')} />
      </Card>
    </Space>
  );
}

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
            children: (
              <Requires ops={['GET /api/v1/monitoring/indicators']}>
                <IndicatorsTab />
              </Requires>
            ),
          },
          {
            key: 'warnings',
            label: t('监测预警', 'Warnings'),
            children: (
              <Requires ops={['GET /api/v1/monitoring/warnings']}>
                <WarningsTab />
              </Requires>
            ),
          },
          {
            key: 'advances',
            label: t('预付金（P-5）', 'Advances (P-5)'),
            children: (
              <Requires ops={['GET /api/v1/advances']}>
                <AdvancesTab />
              </Requires>
            ),
          },
          {
            key: 'clearing',
            label: t('清算率（P-2）', 'Clearing rates (P-2)'),
            children: (
              <Requires ops={['GET /api/v1/clearings']}>
                <ClearingRatesTab />
              </Requires>
            ),
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
