import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { precacheServiceWorker } from './src/offline/precache-plugin.ts';
import { SECURITY_HEADERS } from './src/security-headers.ts';

export default defineConfig({
  // Relative asset URLs: the built site works from any static host and any base path.
  base: './',
  plugins: [svelte(), precacheServiceWorker()],
  server: { headers: SECURITY_HEADERS },
  preview: { headers: SECURITY_HEADERS, port: 4173 },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
