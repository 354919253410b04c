// Vite 7 builds the app with its built-in esbuild JSX transform (no React plugin needed: no fast refresh
// in production anyway). The SDK is bundled from its TypeScript source through the `development` condition.
import { defineConfig, defaultClientConditions } from 'vite';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: '/',
  resolve: { conditions: ['development', ...defaultClientConditions] },
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // One small app: a single chunk keeps the first paint to two requests (HTML + JS) plus CSS.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { '/sip': { target: 'ws://127.0.0.1:8080', ws: true } },
  },
});
