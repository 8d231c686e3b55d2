import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// These files start kubectl, redis-server, the simulator, triage itself and a buildah image build:
// one file at a time on a 2-core machine.
export default mergeConfig(shared, defineConfig({ test: { fileParallelism: false, testTimeout: 120_000 } }));
