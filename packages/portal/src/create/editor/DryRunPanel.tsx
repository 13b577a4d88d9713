import {
  Alert,
  Anchor,
  Badge,
  Code,
  Group,
  Loader,
  ScrollArea,
  Stack,
  Tabs,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import type { DryRunResult } from '@paved/client';
import { IconExternalLink, IconFile, IconFolder } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { entityPath } from '../../app/routes-paths.ts';
import { StatusBadge, StepTable } from '../StepTable.tsx';
import classes from './CodeEditor.module.css';
import { decodeText } from './templateSource.ts';

type File = DryRunResult['directoryContents'][number];

/** The files as a tree, flattened: each folder once, before its files, indented by depth. */
function treeRows(files: File[]): { key: string; depth: number; name: string; file?: File }[] {
  const rows: { key: string; depth: number; name: string; file?: File }[] = [];
  const seen = new Set<string>();
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
  for (const file of sorted) {
    const parts = file.path.split('/');
    parts.slice(0, -1).forEach((name, depth) => {
      const folder = parts.slice(0, depth + 1).join('/');
      if (seen.has(folder)) return;
      seen.add(folder);
      rows.push({ key: `${folder}/`, depth, name });
    });
    rows.push({ key: file.path, depth: parts.length - 1, name: parts[parts.length - 1] as string, file });
  }
  return rows;
}

function FileTree(props: { files: File[]; selected: string | undefined; onSelect: (path: string) => void }) {
  const rows = useMemo(() => treeRows(props.files), [props.files]);
  return (
    <nav aria-label="Rendered files" data-testid="file-tree">
      <Stack gap={2} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {rows.map((row) => (
          <li key={row.key} style={{ paddingLeft: row.depth * 14 }}>
            {row.file ? (
              <UnstyledButton
                onClick={() => props.onSelect(row.key)}
                aria-current={props.selected === row.key ? 'true' : undefined}
                className="paved-mono"
                w="100%"
                px={6}
                py={2}
                fz="sm"
                fw={props.selected === row.key ? 700 : undefined}
                style={{
                  borderRadius: 4,
                  background: props.selected === row.key ? 'var(--mantine-primary-color-light)' : undefined,
                }}
              >
                <Group gap={6} wrap="nowrap" component="span">
                  <IconFile size={14} aria-hidden />
                  <span style={{ overflowWrap: 'anywhere' }}>{row.name}</span>
                </Group>
              </UnstyledButton>
            ) : (
              <Group gap={6} wrap="nowrap" px={6} py={2} className="paved-mono">
                <IconFolder size={14} aria-hidden />
                <Text size="sm" fw={600}>
                  {row.name}/
                </Text>
              </Group>
            )}
          </li>
        ))}
      </Stack>
    </nav>
  );
}

function FileViewer({ file }: { file: File }) {
  const decoded = useMemo(() => decodeText(file.base64Content), [file.base64Content]);
  return (
    <Stack gap={6} style={{ minWidth: 0, flex: 1 }}>
      <Group gap="xs">
        <Code data-testid="viewer-path">{file.path}</Code>
        <Text size="xs">{decoded.size} bytes</Text>
        {file.executable ? (
          <Badge size="xs" variant="outline" color="gray">
            executable
          </Badge>
        ) : null}
      </Group>
      {decoded.text === undefined ? (
        <Text size="sm">Binary file: not shown.</Text>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable from the keyboard
        <section className={classes.viewer} tabIndex={0} aria-label={`Contents of ${file.path}`}>
          <pre style={{ margin: 0, font: 'inherit' }} data-testid="file-view">
            {decoded.text}
          </pre>
        </section>
      )}
    </Stack>
  );
}

/** `spec.output` of the run: links (the catalog's or elsewhere), texts, and anything else as JSON. */
function OutputView({ output }: { output: DryRunResult['output'] }) {
  const { links, text, ...rest } = output as DryRunResult['output'] & { text?: unknown };
  const texts = Array.isArray(text)
    ? text.filter((t): t is { title?: string; content?: string } => t !== null && typeof t === 'object')
    : [];
  const others = Object.entries(rest).filter(([, value]) => value !== undefined);
  if (!links?.length && texts.length === 0 && others.length === 0) {
    return <Text size="sm">The template has no output.</Text>;
  }
  return (
    <Stack gap="sm">
      {links?.length ? (
        <Stack gap={4} component="ul" style={{ margin: 0, paddingLeft: 18 }}>
          {links.map((link) => (
            <li key={JSON.stringify(link)}>
              {link.entityRef ? (
                <Anchor component={Link} to={entityPath(link.entityRef)} size="sm">
                  {link.title ?? link.entityRef}
                </Anchor>
              ) : link.url && /^https?:/i.test(link.url) ? (
                <Anchor href={link.url} target="_blank" rel="noreferrer" size="sm">
                  {link.title ?? link.url} <IconExternalLink size={12} aria-hidden />
                </Anchor>
              ) : (
                <Text size="sm">
                  {link.title ? `${link.title}: ` : ''}
                  <Code>{link.url ?? '—'}</Code>
                </Text>
              )}
            </li>
          ))}
        </Stack>
      ) : null}
      {texts.map((t) => (
        <Stack key={JSON.stringify(t)} gap={2}>
          {t.title ? (
            <Text size="sm" fw={600}>
              {t.title}
            </Text>
          ) : null}
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {t.content ?? ''}
          </Text>
        </Stack>
      ))}
      {others.map(([key, value]) => (
        <Text key={key} size="sm">
          {key}: <Code>{typeof value === 'string' ? value : JSON.stringify(value)}</Code>
        </Text>
      ))}
    </Stack>
  );
}

/**
 * A dry-run's answer: the files it wrote (a tree and the selected file), its steps, its log and
 * its output. `stale` dims it while a newer run is pending or was refused.
 */
export function DryRunPanel(props: {
  result: DryRunResult;
  stale: boolean;
  running: boolean;
  selected: string | undefined;
  onSelect: (path: string) => void;
}) {
  const { result } = props;
  const files = result.directoryContents;
  const selected = files.find((f) => f.path === props.selected) ?? defaultFile(files);
  return (
    <Stack
      gap="sm"
      style={{ opacity: props.stale ? 0.7 : 1 }}
      data-testid="dry-run-result"
      aria-busy={props.running}
    >
      <Group justify="space-between">
        <Group gap="xs">
          <Title order={2} size="h4">
            Dry-run
          </Title>
          <StatusBadge status={result.status} />
          {props.running ? <Loader size="xs" aria-label="Running" /> : null}
        </Group>
        {props.stale ? <Text size="xs">Showing the last run</Text> : null}
      </Group>
      {result.status === 'failed' ? (
        <Alert color="red" title="A step failed" role="alert">
          {result.error?.message ?? 'See the log.'}
        </Alert>
      ) : null}
      <Tabs defaultValue="files" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="files">Files ({files.length})</Tabs.Tab>
          <Tabs.Tab value="steps">Steps ({result.steps.length})</Tabs.Tab>
          <Tabs.Tab value="log">Log</Tabs.Tab>
          <Tabs.Tab value="output">Output</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="files" pt="sm">
          {files.length === 0 ? (
            <Text size="sm">The run wrote no files.</Text>
          ) : (
            <Group align="flex-start" gap="sm" wrap="nowrap">
              <ScrollArea.Autosize mah={560} w={200} style={{ flex: 'none' }} type="auto">
                <FileTree files={files} selected={selected?.path} onSelect={props.onSelect} />
              </ScrollArea.Autosize>
              {selected ? <FileViewer file={selected} /> : null}
            </Group>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="steps" pt="sm">
          <StepTable steps={result.steps} />
        </Tabs.Panel>
        <Tabs.Panel value="log" pt="sm">
          <ScrollArea.Autosize mah={480} type="auto">
            <Code block role="log" aria-label="Dry-run log" tabIndex={0}>
              {result.log
                .map((e) => `${e.body.stepId ? `[${e.body.stepId}] ` : ''}${e.body.message}`)
                .join('\n') || 'Nothing was logged.'}
            </Code>
          </ScrollArea.Autosize>
        </Tabs.Panel>
        <Tabs.Panel value="output" pt="sm">
          <OutputView output={result.output} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** What to show first: a catalog-info.yaml (what most templates are about), else the first file. */
function defaultFile(files: File[]): File | undefined {
  const sorted = [...files].sort(
    (a, b) => a.path.split('/').length - b.path.split('/').length || a.path.localeCompare(b.path),
  );
  return sorted.find((f) => /(^|\/)catalog-info\.ya?ml$/.test(f.path)) ?? sorted[0];
}
