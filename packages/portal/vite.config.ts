import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** See src/create/validatorAjv8Stub.ts: @rjsf/core imports a validator the portal must not ship. */
const rjsfValidatorAlias = {
  '@rjsf/validator-ajv8': fileURLToPath(new URL('./src/create/validatorAjv8Stub.ts', import.meta.url)),
};

/** The portal's build. `npm run build:portal` writes dist/, which `paved start` serves at `/`. */
export default defineConfig({
  plugins: [react()],
  resolve: { alias: rjsfValidatorAlias },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The API viewers and the graph are code-split on purpose; their chunks are large and lazy.
    chunkSizeWarningLimit: 4000,
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:7007' },
  },
});
