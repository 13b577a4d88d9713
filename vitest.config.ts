import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A test that leaves a promise rejected unhandled fails the run.
    dangerouslyIgnoreUnhandledErrors: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'e2e/**/*.test.ts'],
          exclude: ['packages/portal/**', '**/node_modules/**'],
          pool: 'forks',
        },
      },
      {
        extends: true,
        plugins: [react()],
        // swagger-ui-react picks its bundle by condition; Node's ("node") brings a React 18 copy of its
        // own, so tests get the browser bundle the portal build uses, through Vite (inlined).
        resolve: {
          alias: {
            '#swagger-ui': fileURLToPath(
              new URL('./node_modules/swagger-ui-react/swagger-ui-es-bundle-core.js', import.meta.url),
            ),
            '@rjsf/validator-ajv8': fileURLToPath(
              new URL('./packages/portal/src/create/validatorAjv8Stub.ts', import.meta.url),
            ),
          },
        },
        test: {
          name: 'portal',
          include: ['packages/portal/src/**/*.test.{ts,tsx}', 'packages/portal/test/**/*.test.tsx'],
          environment: 'happy-dom',
          // The components talk to a real Paved holding the demo catalog (started once for the run).
          globalSetup: ['packages/portal/test/global-setup.ts'],
          setupFiles: ['packages/portal/test/setup.ts'],
          // @rjsf/mantine imports dayjs plugins without their .js extension, which only a bundler
          // resolves: Vite inlines it, as the portal build does.
          server: { deps: { inline: ['swagger-ui-react', '@rjsf/mantine', '@rjsf/core'] } },
          environmentOptions: {
            happyDOM: { url: 'http://localhost/', settings: { fetch: { disableSameOriginPolicy: true } } },
          },
        },
      },
    ],
  },
});
