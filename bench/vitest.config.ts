import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The benchmark harness's own tests: `npx vitest run --config bench/vitest.config.ts`.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['bench/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    dangerouslyIgnoreUnhandledErrors: false,
  },
});
