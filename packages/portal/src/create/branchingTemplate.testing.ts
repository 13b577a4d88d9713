// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Backstage template expressions, not JavaScript template literals
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Test helper only: a template whose first page has fields that depend on a choice.

/** A parameter page with `dependencies`/`oneOf` branches and a RepoUrlPicker. */
export const storagePage = {
  title: 'Storage',
  required: ['database'],
  properties: {
    database: { type: 'string', title: 'Database', enum: ['none', 'postgres'], default: 'none' },
    repoUrl: {
      type: 'string',
      title: 'Repository location',
      'ui:field': 'RepoUrlPicker',
      'ui:options': { allowedHosts: ['paved', 'gitlab.com'], allowedOwners: ['demo', 'acme'] },
    },
  },
  dependencies: {
    database: {
      oneOf: [
        { properties: { database: { const: 'none' } } },
        {
          required: ['databaseSize'],
          properties: {
            database: { const: 'postgres' },
            databaseSize: { type: 'integer', title: 'Database size (GB)', minimum: 1 },
            backups: { type: 'boolean', title: 'Nightly backups', default: true },
          },
        },
      ],
    },
  },
};

/** A template of two pages whose steps only log (and fail when the name is "fail"). */
export const storageTemplate = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'storage-service', title: 'Storage service', description: 'Branches for tests.' },
  spec: {
    type: 'service',
    owner: 'group:default/platform-team',
    parameters: [
      storagePage,
      {
        title: 'Naming',
        required: ['name'],
        properties: { name: { type: 'string', title: 'Name', pattern: '^[a-z-]+$' } },
      },
    ],
    steps: [
      {
        id: 'hello',
        name: 'Say hello',
        action: 'debug:log',
        input: { message: 'Hello ${{ parameters.name }} on ${{ parameters.database }}' },
      },
      {
        id: 'fail',
        name: 'Fail on purpose',
        if: "${{ parameters.name == 'fail' }}",
        action: 'fetch:plain',
        input: { url: './missing' },
      },
    ],
  },
};

/** A folder holding the template as `template.yaml` (JSON is YAML), for `spawnPaved`. */
export async function writeStorageTemplate(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'paved-storage-template-'));
  await writeFile(join(dir, 'template.yaml'), JSON.stringify(storageTemplate, null, 2));
  return dir;
}
