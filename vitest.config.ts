import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // Each file gets its own database and queue prefix, so files can run side by side.
    fileParallelism: true,
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
  },
});
