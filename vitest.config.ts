import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    // Two cores: one worker per core keeps timing-sensitive socket tests honest.
    maxWorkers: 2,
    testTimeout: 30_000,
    reporters: ['default', './vitest.summary-reporter.ts'],
  },
});
