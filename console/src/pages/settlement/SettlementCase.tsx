// One stored settlement: its breakdown and rule trace (S-6), and the actions of the caller's role.
import { Space, Spin } from 'antd';
import { useParams } from 'react-router';
import { client, unwrap } from '../../api/client';
import { Breakdown } from '../../components/Breakdown';
import { ActionError } from '../../components/formErrors';
import { OpenInquiryButton } from '../../components/OpenInquiry';
import { ReverseButton } from '../../components/Reversal';
import { useApi } from '../../components/useApi';
import { useSession } from '../../session';

export function SettlementCase() {
  const { id = '' } = useParams();
  const { me } = useSession();
  const { data, error, loading, reload } = useApi(() => unwrap(client.GET('/api/v1/settlements/{id}', { params: { path: { id } } })), [id]);
  if (loading && !data) return <Spin />;
  if (!data) return <ActionError error={error} />;
  const open = data.status !== 'REVERSED';
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        {open && me.role === 'HOSPITAL' ? <ReverseButton settlementId={id} onDone={reload} /> : null}
        {open && me.role === 'INSURED_CLERK' ? <OpenInquiryButton settlementId={id} /> : null}
      </Space>
      <Breakdown settlement={data} />
    </Space>
  );
}
