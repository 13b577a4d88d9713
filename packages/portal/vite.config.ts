import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The portal's build. `npm run build:portal` writes dist/, which `paved start` serves at `/`. */
export default defineConfig({
  plugins: [react()],
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
