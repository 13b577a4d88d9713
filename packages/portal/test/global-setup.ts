import type { TestProject } from 'vitest/node';
import { DEMO_CATALOG } from '../../server/src/config/config.ts';
import { startTestPaved, type TestPaved } from '../../server/src/testing/paved.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pavedUrl: string;
  }
}

let paved: TestPaved | undefined;

/** One real Paved with the demo organisation for every component test of the run. */
export async function setup(project: TestProject): Promise<void> {
  paved = await startTestPaved({ catalog: [DEMO_CATALOG], watch: false });
  await paved.initialRead;
  await paved.settle();
  project.provide('pavedUrl', paved.url);
}

export async function teardown(): Promise<void> {
  await paved?.close();
}
