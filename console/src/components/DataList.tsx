// Every list of the console: a table and its CSV export (U-4), from one column list.
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space, Table } from 'antd';
import type { ReactNode } from 'react';
import { downloadCsv } from '../csv';
import { useT } from '../i18n';

export interface ListColumn<R> {
  key: string;
  title: string;
  /** The cell; defaults to the CSV value. */
  render?: (row: R) => ReactNode;
  /** The value exported (and shown, without render). */
  csv: (row: R) => string | number | boolean | null | undefined;
  width?: number;
  align?: 'left' | 'right' | 'center';
}

export function DataList<R extends object>({
  rows,
  columns,
  rowKey,
  fileName,
  loading,
  toolbar,
  caption,
  rowClassName,
  pageSize = 20,
}: {
  rows: readonly R[];
  columns: ListColumn<R>[];
  rowKey: (row: R) => string;
  fileName: string;
  loading?: boolean;
  toolbar?: ReactNode;
  caption: string;
  rowClassName?: (row: R) => string;
  pageSize?: number;
}) {
  const t = useT();
  return (
    <div>
      <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>{toolbar}</Space>
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            downloadCsv(
              fileName,
              columns.map((c) => ({ title: c.title, value: c.csv })),
              rows,
            )
          }
          disabled={!rows.length}
        >
          {t('导出 CSV', 'Export CSV')}
        </Button>
      </Space>
      <Table<R>
        size="small"
        aria-label={caption}
        loading={loading}
        dataSource={rows as R[]}
        rowKey={rowKey}
        rowClassName={rowClassName}
        scroll={{ x: 'max-content' }}
        pagination={rows.length > pageSize ? { pageSize, showSizeChanger: false } : false}
        columns={columns.map((c) => ({
          key: c.key,
          title: c.title,
          width: c.width,
          align: c.align,
          render: (_: unknown, row: R) => (c.render ? c.render(row) : (c.csv(row) ?? '—')),
        }))}
      />
    </div>
  );
}
