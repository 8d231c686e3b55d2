export {
  type AlertmanagerOptions,
  type AlertmanagerServer,
  type PostableAlert,
  startAlertmanager,
} from './alertmanager.js';
export { freePort, waitFor } from './free-port.js';
export {
  linuxNodeHistory,
  type NodeHistoryOptions,
  oomSawtooth,
  windowsNodeHistory,
} from './node-metrics-history.js';
export { type MetricFamily, openMetricsText } from './open-metrics.js';
export {
  diagnosticPodsLeft,
  type PlaybookContextOptions,
  playbookContext,
  type SimulatorContextOptions,
  silentLog,
  simulatorContext,
  startScenarioWithTriageNamespace,
  TRIAGE_NAMESPACE,
} from './playbook-test-context.js';
export { type PrometheusOptions, type PrometheusServer, startPrometheus } from './prometheus-server.js';
export { type RedisCluster, type RedisClusterOptions, startRedisCluster } from './redis-cluster.js';
export { type RedisSentinel, type RedisSentinelOptions, startRedisSentinel } from './redis-sentinel.js';
export { type RedisServer, startLocalRedis } from './redis-server.js';
export { scenarioNodeHistory } from './scenario-node-history.js';
export { createTestCertificates, type TestCertificates } from './test-certificates.js';
