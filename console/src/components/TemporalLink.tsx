// Admin: a case's workflow in the Temporal UI (the address is set on the System page).
import { Typography } from 'antd';
import { useT } from '../i18n';

export const TEMPORAL_UI_STORAGE = 'console.temporalUi';

export function temporalUiBase(): string {
  return localStorage.getItem(TEMPORAL_UI_STORAGE) ?? `${window.location.protocol}//${window.location.hostname}:8233`;
}

export function temporalWorkflowUrl(workflowId: string, namespace = 'default'): string {
  return `${temporalUiBase()}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

export function TemporalLink({ workflowId }: { workflowId: string }) {
  const t = useT();
  return (
    <Typography.Link href={temporalWorkflowUrl(workflowId)} target="_blank" rel="noreferrer">
      {t('在 Temporal UI 中查看', 'Open in Temporal UI')}
    </Typography.Link>
  );
}
