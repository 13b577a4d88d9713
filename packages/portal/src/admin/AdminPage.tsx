import { Stack, Tabs, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconDatabaseImport, IconPlugConnected } from '@tabler/icons-react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { ErrorsTab } from './ErrorsTab.tsx';
import { RegisterTab } from './RegisterTab.tsx';
import { SourcesTab } from './SourcesTab.tsx';

const TABS = [
  { value: 'sources', label: 'Sources', icon: IconPlugConnected, Panel: SourcesTab },
  { value: 'errors', label: 'Processing errors', icon: IconAlertTriangle, Panel: ErrorsTab },
  { value: 'register', label: 'Register', icon: IconDatabaseImport, Panel: RegisterTab },
] as const;

/** Administration of the catalog: its sources, what failed to read, and registering more. */
export function AdminPage() {
  const { tab = 'sources' } = useParams();
  const navigate = useNavigate();
  if (!TABS.some((t) => t.value === tab)) return <Navigate to="/admin/sources" replace />;
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Admin</Title>
        <Text size="sm" c="dimmed">
          Where the catalog reads its entities from, and what it could not read.
        </Text>
      </div>
      <Tabs value={tab} onChange={(value) => value && navigate(`/admin/${value}`)} keepMounted={false}>
        <Tabs.List mb="md">
          {TABS.map(({ value, label, icon: Icon }) => (
            <Tabs.Tab key={value} value={value} leftSection={<Icon size={16} aria-hidden />}>
              {label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map(({ value, Panel }) => (
          <Tabs.Panel key={value} value={value}>
            <Panel />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
