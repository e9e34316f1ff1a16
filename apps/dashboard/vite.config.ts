import react from '@vitejs/plugin-react';
import { defineConfig, type PluginOption } from 'vite';

export default defineConfig({
  // plugin-react's types resolve against vitest's Vite 8 in the hoisted tree; at run time it supports Vite 7.
  plugins: [react() as unknown as PluginOption],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // ECharts is the heavy part: keep it in its own long-cached chunk, loaded only by chart pages.
        manualChunks: (id) =>
          id.includes('node_modules/echarts') || id.includes('node_modules/zrender') ? 'charts' : undefined,
      },
    },
  },
  // `npm run dev -w @kefu/dashboard` proxies the API to a server started with `npm start`. The browser's Host
  // is kept (changeOrigin: false) so it matches its Origin: the server gives development tokens only to a
  // loopback Host whose Origin is its own.
  server: { proxy: { '/graphql': { target: 'http://localhost:4000', changeOrigin: false } } },
});
