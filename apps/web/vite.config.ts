import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `pnpm dev`: Vite on :5173 proxying the API to the server (`WARDEN_API`, default :3000). The proxy
// keeps the Host header (`changeOrigin: false`; Vite's string shorthand would rewrite it), so the
// server sees the page's own origin and its CSRF origin check passes without adding the dev server
// to TRUSTED_ORIGINS.
const api = { target: process.env.WARDEN_API ?? 'http://127.0.0.1:3000', changeOrigin: false };

export default defineConfig({
  plugins: [react()],
  // Workspace packages resolve to their TypeScript sources (`@warden/source`), then Vite's defaults.
  resolve: { conditions: ['@warden/source', 'module', 'browser', 'development|production'] },
  build: { outDir: 'dist', target: 'es2022', sourcemap: false },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/trpc': api, '/auth': api, '/healthz': api },
  },
});
