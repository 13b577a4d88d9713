import { Badge, Button, Group, Switch } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { IconCheck, IconCopy, IconDownload } from '@tabler/icons-react';
import { type ApiDefinition, typeLabel } from './definition.ts';

export interface DefinitionToolbarProps {
  definition: ApiDefinition;
  /** The name the download gets, e.g. "checkout-api.yaml". */
  fileName: string;
  raw: boolean;
  /** Absent for types that are shown as source anyway, where a Raw switch would do nothing. */
  onRawChange?: (raw: boolean) => void;
}

/** Above every definition: its type, the Raw switch, download and copy. */
export function DefinitionToolbar({ definition, fileName, raw, onRawChange }: DefinitionToolbarProps) {
  const clipboard = useClipboard({ timeout: 1500 });
  return (
    <Group justify="space-between" gap="sm" wrap="wrap">
      <Badge size="lg" variant="light" tt="none">
        {typeLabel(definition.type)}
      </Badge>
      <Group gap="sm" wrap="wrap">
        {onRawChange ? (
          <Switch label="Raw" checked={raw} onChange={(event) => onRawChange(event.currentTarget.checked)} />
        ) : null}
        <Button
          variant="default"
          size="xs"
          leftSection={<IconDownload size={16} aria-hidden />}
          onClick={() => downloadText(definition.text, fileName)}
          aria-label={`Download ${fileName}`}
        >
          Download
        </Button>
        <Button
          variant="default"
          size="xs"
          leftSection={
            clipboard.copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />
          }
          onClick={() => clipboard.copy(definition.text)}
          aria-label={clipboard.copied ? 'Copied' : 'Copy definition'}
        >
          {clipboard.copied ? 'Copied' : 'Copy'}
        </Button>
      </Group>
    </Group>
  );
}

/** Saves text as a file through a temporary object URL (no server round trip). */
function downloadText(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked a moment later: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
