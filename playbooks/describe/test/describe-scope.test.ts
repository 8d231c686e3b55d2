import { describe as group, expect, it } from 'vitest';
import { loadFixture } from './fake-kube.js';
import { describe } from './playbook-context.js';

group('describe namespace and cluster', () => {
  const everything = [
    ...loadFixture('namespace-shop'),
    ...loadFixture('node-healthy'),
    ...loadFixture('node-notready'),
    ...loadFixture('pod-crashloop'),
    ...loadFixture('pod-imagepull'),
  ];

  it('counts the pods of a namespace by problem and names the unready nodes hosting them', async () => {
    const { findings } = await describe(everything, 'namespace/shop');
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['critical', '1 of 2 nodes not Ready'],
      ['critical', '3 of 5 pods in namespace shop have problems: 2 CrashLoopBackOff, 1 ImagePullBackOff'],
      ['warning', '3 Warning events'],
    ]);
  });

  it('looks at every namespace and node for the cluster', async () => {
    const { findings, calls } = await describe(everything, 'cluster');
    expect(findings[1]?.title).toBe(
      '4 of 6 pods in the cluster have problems: 2 CrashLoopBackOff, 1 NotReady, 1 ImagePullBackOff',
    );
    expect(calls).toContain('list events * type=Warning');
  });

  it('limits the evidence to maxEvents and counts the rest', async () => {
    const { findings } = await describe(everything, 'cluster', { maxEvents: 2 });
    const pods = findings[1];
    expect(pods?.evidence).toHaveLength(3);
    expect(pods?.evidence[2]).toEqual({ source: 'Pods', text: 'and 2 more' });
    expect(findings[2]?.evidence.at(-1)).toEqual({ source: 'Events', text: 'and 3 more' });
  });

  it('gives a quiet namespace one ok finding', async () => {
    const { findings } = await describe(
      [...loadFixture('namespace-shop'), ...loadFixture('node-healthy')],
      'namespace/shop',
    );
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'ok', title: 'All 2 pods in namespace shop are fine' }),
    ]);
  });

  it('says a deleted namespace no longer exists', async () => {
    const { findings } = await describe(everything, 'namespace/staging');
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'warning', title: 'Namespace staging no longer exists' }),
    ]);
  });
});
