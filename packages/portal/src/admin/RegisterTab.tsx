import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type Entity, formatEntityRef } from '@paved/client';
import { IconCircleCheck, IconFileSearch, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage, useApi } from '../app/api.ts';
import { entityPath } from '../app/routes-paths.ts';
import { resolveSpecRef, shortRef } from '../catalog/entityFields.ts';
import { EntityRefLink } from '../components/EntityRefLink.tsx';
import { KindIcon } from '../components/KindIcon.tsx';
import { guessLocationType, type LocationType } from './locationType.ts';

interface PreviewEntity {
  ref: string;
  kind: string;
  owner: string | undefined;
  exists: boolean;
}

interface Preview {
  location: { type: LocationType; target: string };
  /** The location is registered already (registering again is refused). */
  registered: boolean;
  entities: PreviewEntity[];
}

/** What registering would add: analyze the target, dry-run the registration, look the refs up. */
function useAnalyze() {
  const api = useApi();
  return useMutation({
    mutationFn: async (location: { type: LocationType; target: string }): Promise<Preview> => {
      // analyze-location validates the target (roots, URL syntax) with the clearest messages.
      await api.analyzeLocation(location);
      const dryRun = await api.addLocation(location, { dryRun: true });
      // The generated Location entity stands for the source itself, not for what it adds.
      const entities = dryRun.entities.filter((e) => e.kind.toLowerCase() !== 'location');
      const refs = entities.map((e) => formatEntityRef(e));
      const found =
        refs.length > 0 ? await api.getEntitiesByRefs(refs, ['kind', 'metadata.name']) : { items: [] };
      return {
        location,
        registered: dryRun.exists === true,
        entities: entities.map((entity: Entity, i) => ({
          ref: refs[i] as string,
          kind: entity.kind,
          owner: resolveSpecRef(entity, 'owner', 'group'),
          exists: found.items[i] !== null && found.items[i] !== undefined,
        })),
      };
    },
  });
}

function PreviewTable(props: { entities: PreviewEntity[] }) {
  return (
    <Table verticalSpacing={6} aria-label="Entities found" data-testid="register-preview">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Kind</Table.Th>
          <Table.Th>Entity</Table.Th>
          <Table.Th>Owner</Table.Th>
          <Table.Th>In the catalog</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.entities.map((e) => (
          <Table.Tr key={e.ref} data-testid="preview-entity">
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                <KindIcon kind={e.kind} size={16} />
                <Text size="sm">{e.kind}</Text>
              </Group>
            </Table.Td>
            <Table.Td>
              <Text size="sm" className="paved-mono">
                {e.ref}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{e.owner ? shortRef(e.owner) : '—'}</Text>
            </Table.Td>
            <Table.Td>
              {e.exists ? (
                <Badge variant="dot" color="gray" tt="none">
                  already exists
                </Badge>
              ) : (
                <Badge variant="dot" color="green" tt="none">
                  new
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Register a catalog file, glob, git repository or repository URL: analyze, preview, import. */
export function RegisterTab() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState('');
  const [type, setType] = useState<LocationType>('file');
  const [typeChosen, setTypeChosen] = useState(false);
  const analyze = useAnalyze();
  const register = useMutation({
    mutationFn: (location: { type: LocationType; target: string }) => api.addLocation(location),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['catalog'] }),
  });
  const preview = analyze.data;
  const stale =
    preview !== undefined && (preview.location.target !== target.trim() || preview.location.type !== type);

  const onTarget = (value: string) => {
    setTarget(value);
    if (!typeChosen) setType(guessLocationType(value));
    register.reset();
  };

  // The registration answers with the location only (as Backstage does): what it adds is what the
  // preview found, read in the background within moments.
  const added = register.data && preview ? preview.entities : [];
  const fieldError = analyze.error ?? register.error;

  return (
    <Stack gap="lg" maw={960}>
      <Paper withBorder p="md" radius="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (target.trim()) analyze.mutate({ type, target: target.trim() });
          }}
        >
          <Stack gap="sm">
            <Group align="flex-start" gap="sm" wrap="nowrap">
              <TextInput
                label="Target"
                description={
                  <>
                    A file or glob on the server (<code>/srv/catalog/*.yaml</code>), a git repository (
                    <code>https://git.example.com/org/repo.git#main:catalog-info.yaml</code>) or the URL of a
                    file on GitHub or GitLab (<code>…/blob/main/catalog-info.yaml</code>).
                  </>
                }
                placeholder="https://github.com/acme/payments/blob/main/catalog-info.yaml"
                value={target}
                onChange={(event) => onTarget(event.currentTarget.value)}
                error={fieldError ? errorMessage(fieldError) : undefined}
                required
                style={{ flex: 1 }}
                data-testid="register-target"
                spellCheck={false}
              />
              <Select
                label="Type"
                description={typeChosen ? 'Chosen by you' : 'Guessed from the target'}
                data={[
                  { value: 'file', label: 'file' },
                  { value: 'git', label: 'git' },
                  { value: 'url', label: 'url' },
                ]}
                value={type}
                allowDeselect={false}
                onChange={(value) => {
                  if (!value) return;
                  setType(value as LocationType);
                  setTypeChosen(true);
                }}
                w={140}
                data-testid="register-type"
              />
            </Group>
            <Group>
              <Button
                type="submit"
                loading={analyze.isPending}
                leftSection={<IconFileSearch size={18} aria-hidden />}
              >
                Analyze
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>

      {preview && !stale && !register.data ? (
        <Stack gap="sm" component="section" aria-labelledby="register-preview-title">
          <Title order={2} size="h4" id="register-preview-title">
            {preview.entities.length === 0
              ? 'No entities found'
              : `${preview.entities.length} ${preview.entities.length === 1 ? 'entity' : 'entities'} found`}
          </Title>
          {preview.registered ? (
            <Alert color="blue" icon={<IconInfoCircle aria-hidden />}>
              This location is registered already; refresh it from the Sources tab.
            </Alert>
          ) : null}
          {!preview.registered && preview.entities.some((e) => e.exists) ? (
            <Alert color="yellow" icon={<IconInfoCircle aria-hidden />} data-testid="register-existing">
              Entities marked "already exists" come from another source. Registering this one reports them as
              conflicts: the source that provided them first keeps them.
            </Alert>
          ) : null}
          {preview.entities.length > 0 ? <PreviewTable entities={preview.entities} /> : null}
          <Group>
            <Button
              onClick={() => register.mutate(preview.location)}
              loading={register.isPending}
              disabled={preview.registered || preview.entities.length === 0}
              data-testid="register-import"
            >
              Import
            </Button>
            <Button variant="default" onClick={() => analyze.reset()}>
              Cancel
            </Button>
          </Group>
        </Stack>
      ) : null}

      {register.data ? (
        <Alert
          color="green"
          icon={<IconCircleCheck aria-hidden />}
          title="Registered"
          data-testid="register-done"
        >
          <Text size="sm" mb="xs">
            {register.data.location.target} is now a source of the catalog. It provides:
          </Text>
          <List size="sm" spacing={4}>
            {added.map((entity) => (
              <List.Item key={entity.ref}>
                <EntityRefLink entityRef={entity.ref} icon />
              </List.Item>
            ))}
          </List>
          <Group mt="sm">
            <Anchor component={Link} to="/admin/sources" size="sm">
              See the sources
            </Anchor>
            {added[0] ? (
              <Anchor component={Link} to={entityPath(added[0].ref)} size="sm">
                Open {shortRef(added[0].ref, added[0].kind.toLowerCase())}
              </Anchor>
            ) : null}
          </Group>
        </Alert>
      ) : null}
    </Stack>
  );
}
