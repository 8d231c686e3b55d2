import { waitFor } from '@triage/dev-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, usePipelineWithAlertmanager } from './support/pipeline.js';
import { clusterRedis, type RedisSetup, standaloneRedis } from './support/redis-setups.js';

const redisSetups: { name: string; setup: RedisSetup<{ stop(): Promise<void> }> }[] = [
  { name: 'a standalone Redis', setup: standaloneRedis },
  { name: 'a 3-master Redis Cluster', setup: clusterRedis },
];

describe.each(redisSetups)('Alertmanager → gateway → queue → runner → chat on $name', ({ setup }) => {
  const live = usePipelineWithAlertmanager({ beforeAll, afterAll }, 'node-notready-memory', setup);

  it('investigates a NotReady node from a real Alertmanager webhook and marks the thread resolved when the alert resolves', async () => {
    const node = await live.pipeline.notReadyNode();
    const labels = {
      alertname: 'KubeNodeNotReady',
      severity: 'warning',
      cluster: CLUSTER,
      node,
      namespace: 'monitoring',
      job: 'kube-state-metrics',
    };
    await live.am.postAlerts([
      { labels, annotations: { summary: `${node} has been unready for more than 15 minutes.` } },
    ]);

    await waitFor(
      async () => (await live.pipeline.transcript()).some((e) => e.op === 'reply' && e.findings?.length),
      60_000,
      'findings in the thread',
    );
    const entries = await live.pipeline.transcript();
    const headline = entries.find((e) => e.op === 'post');
    const findings = entries.filter((e) => e.op === 'reply').flatMap((e) => e.findings ?? []);
    expect(headline?.text).toContain(node);
    expect(entries.filter((e) => e.op === 'reply').every((e) => e.threadTs === headline?.ts)).toBe(true);
    // KubeNodeNotReady routes to node-health: the root cause comes first.
    expect(findings[0]).toMatchObject({ subject: `node/${node}`, severity: 'critical' });
    expect(findings[0]?.title).toMatch(
      new RegExp(
        `^Node ${node} is NotReady: kubelet stopped posting status \\d+m ago after memory pressure and \\d+ OOM kills$`,
      ),
    );
    const [open] = await live.pipeline.openInvestigations();
    expect(open).toMatchObject({ subject: `node/${node}`, cluster: CLUSTER, signals: 1 });

    // The outcome is counted once the run has finished posting: poll for it.
    const metrics = () => fetch(`${live.pipeline.url}/metrics`).then((r) => r.text());
    await waitFor(
      async () => /triage_job_outcomes_total\{playbook="[a-z-]+",outcome="ok"\} 1/.test(await metrics()),
      30_000,
      'job outcome metric',
    );
    expect(await metrics()).toMatch(
      /triage_gateway_signals_total\{source="alertmanager",status="firing"\} 1/,
    );

    await live.am.postAlerts([{ labels, endsAt: new Date(Date.now() - 1_000).toISOString() }]);
    await waitFor(
      async () => (await live.pipeline.openInvestigations()).length === 0,
      60_000,
      'investigation closed',
    );
    const lastUpdate = (await live.pipeline.transcript())
      .filter((e) => e.op === 'update' && e.ts === headline?.ts)
      .at(-1);
    expect(lastUpdate?.text.toLowerCase()).toContain('resolved');
  });
});
