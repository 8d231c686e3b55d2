import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// End-to-end files start real servers and processes: one file at a time on a 2-core machine.
export default mergeConfig(shared, defineConfig({ test: { fileParallelism: false, testTimeout: 120_000 } }));
