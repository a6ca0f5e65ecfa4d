// The console's build: Vue single-file components compiled ahead of time (the service's policy runs no
// evaluated script), written to console/dist and served by the service under /console/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    target: 'es2022',
    emptyOutDir: true,
    // Element Plus is one chunk on purpose: an admin tool loads once and stays open all day.
    chunkSizeWarningLimit: 2000,
  },
  logLevel: 'warn',
});
