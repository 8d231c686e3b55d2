import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeObject, readPath } from '../src/kube-object.js';
import { type Simulator, startSimulator } from '../src/start-simulator.js';
import { eventually, kubectl, startKubectl } from './kubectl.js';

const fixtures = fileURLToPath(new URL('./fixtures/cluster/', import.meta.url));
const readyNode = 'aks-np1-12345678-vmss000000';
const lostNode = 'aks-np1-12345678-vmss000001';
let sim: Simulator;
let kc: string;

const run = (...args: string[]) => kubectl(kc, args);
async function ok(...args: string[]): Promise<string> {
  const result = await run(...args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

function manifest(name: string, obj: object): string {
  const path = join(sim.kubeconfigPath, '..', `${name}.json`);
  writeFileSync(path, JSON.stringify(obj));
  return path;
}

beforeAll(async () => {
  sim = await startSimulator({ scenario: fixtures });
  kc = sim.kubeconfigPath;
});
afterAll(async () => {
  await sim?.close();
});

describe('kubectl get', () => {
  const kinds: [resource: string, kind: string][] = [
    ['nodes', 'Node'],
    ['pods', 'Pod'],
    ['events', 'Event'],
    ['services', 'Service'],
    ['endpoints', 'Endpoints'],
    ['namespaces', 'Namespace'],
    ['configmaps', 'ConfigMap'],
    ['serviceaccounts', 'ServiceAccount'],
    ['deployments.apps', 'Deployment'],
    ['replicasets.apps', 'ReplicaSet'],
    ['statefulsets.apps', 'StatefulSet'],
    ['daemonsets.apps', 'DaemonSet'],
    ['endpointslices.discovery.k8s.io', 'EndpointSlice'],
    ['poddisruptionbudgets.policy', 'PodDisruptionBudget'],
    ['events.events.k8s.io', 'Event'],
    ['runtimeclasses.node.k8s.io', 'RuntimeClass'],
  ];
  it.each(kinds)('lists %s as JSON across namespaces', async (resource, kind) => {
    const list = JSON.parse(await ok('get', resource, '-A', '-o', 'json')) as { items: KubeObject[] };
    expect(list.items.length).toBeGreaterThan(0);
    for (const item of list.items) expect(item.kind).toBe(kind);
  });

  it.each(kinds)('prints %s in the default and wide tables', async (resource) => {
    for (const extra of [[], ['-o', 'wide']]) {
      const out = await ok('get', resource, '-A', ...extra);
      const [header, ...rows] = out.trim().split('\n');
      expect(header).toMatch(/^NAMESPACE\s+(NAME|LAST SEEN)\s|^NAME\s/);
      expect(rows.length).toBeGreaterThan(0);
    }
  });

  it('serves events.k8s.io events as a converted view of core events', async () => {
    const list = JSON.parse(await ok('get', 'events.events.k8s.io', '-n', 'shop', '-o', 'json')) as {
      items: KubeObject[];
    };
    const backOff = list.items.find((e) => e.reason === 'BackOff');
    expect(backOff?.apiVersion).toBe('events.k8s.io/v1');
    expect(backOff?.regarding).toMatchObject({ kind: 'Pod', name: 'web-5d8f7c9b4d-fghij' });
    expect(backOff?.note).toContain('Back-off restarting failed container');
  });

  it('resolves the usual short names', async () => {
    const out = await ok('get', 'po,no,svc,ep,ns,cm,sa,deploy,rs,sts,ds,pdb,ev', '-A', '-o', 'name');
    for (const name of [
      'pod/web-5d8f7c9b4d-abcde',
      `node/${lostNode}`,
      'service/web',
      'endpoints/web',
      'namespace/shop',
      'configmap/web-config',
      'serviceaccount/web',
      'deployment.apps/web',
      'replicaset.apps/web-5d8f7c9b4d',
      'statefulset.apps/db',
      'daemonset.apps/node-agent',
      'poddisruptionbudget.policy/web-pdb',
      'event/web-5d8f7c9b4d-fghij.182a1b2c3d4e5f60',
    ]) {
      expect(out).toContain(name);
    }
  });

  it('prints node status and pod status columns like a real cluster, wide columns with -o wide', async () => {
    const nodes = await ok('get', 'nodes');
    expect(nodes).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n/);
    expect(nodes).toMatch(new RegExp(`${readyNode}\\s+Ready\\s+agent\\s+\\S+\\s+v1\\.30\\.9`));
    expect(nodes).toMatch(new RegExp(`${lostNode}\\s+NotReady\\s+agent`));
    const pods = await ok('get', 'po', '-n', 'shop', '-o', 'wide');
    expect(pods).toMatch(
      /NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES/,
    );
    expect(pods).toMatch(
      new RegExp(`web-5d8f7c9b4d-abcde\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+10\\.244\\.0\\.12\\s+${readyNode}`),
    );
    expect(pods).toMatch(/web-5d8f7c9b4d-fghij\s+0\/1\s+CrashLoopBackOff\s+4 \(\S+ ago\)/);
  });

  it('selects by label and by field, and rejects unknown fields as the API does', async () => {
    expect((await ok('get', 'po', '-A', '-l', 'app=web', '-o', 'name')).trim().split('\n')).toEqual([
      'pod/web-5d8f7c9b4d-abcde',
      'pod/web-5d8f7c9b4d-fghij',
    ]);
    expect((await ok('get', 'po', '-A', '-l', 'app notin (web)', '-o', 'name')).trim()).toBe('');
    expect(
      (await ok('get', 'po', '-A', '--field-selector', `spec.nodeName=${lostNode}`, '-o', 'name')).trim(),
    ).toBe('pod/web-5d8f7c9b4d-fghij');
    expect(
      (
        await ok(
          'get',
          'ev',
          '-A',
          '--field-selector',
          'involvedObject.kind=Node,reason=NodeNotReady',
          '-o',
          'name',
        )
      ).trim(),
    ).toBe('event/aks-np1-12345678-vmss000001.182a1b2c9f8e7d60');
    const bad = await run('get', 'po', '--field-selector', 'spec.bogus=x');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('"spec.bogus" is not a known field selector');
  });

  it('pages with --chunk-size and returns every object once', async () => {
    for (let i = 0; i < 5; i++) {
      sim.store.create('configmaps', {
        metadata: { name: `page-${i}`, namespace: 'shop' },
        data: { i: String(i) },
      });
    }
    const all = await ok('get', 'cm', '-A', '-o', 'name');
    const verbose = await run('get', 'cm', '-A', '-o', 'name', '--chunk-size=2', '-v=6');
    expect(verbose.code).toBe(0);
    expect(verbose.stdout).toBe(all);
    const requests = verbose.stderr.split('\n').filter((l) => /GET http\S+\/api\/v1\/configmaps\?/.test(l));
    expect(requests.length).toBe(Math.ceil(all.trim().split('\n').length / 2));
    expect(requests.slice(1).every((l) => l.includes('continue='))).toBe(true);
  });

  it('answers NotFound for a missing object', async () => {
    const result = await run('get', 'po', '-n', 'shop', 'nope');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Error from server (NotFound): pods "nope" not found');
  });
});

describe('kubectl describe', () => {
  it('describes a node with its conditions and events', async () => {
    const out = await ok('describe', 'node', lostNode);
    expect(out).toMatch(/Ready\s+Unknown\s+.*NodeStatusUnknown\s+Kubelet stopped posting node status\./);
    expect(out).toContain('node.kubernetes.io/unreachable:NoExecute');
    expect(out).toMatch(/Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message/);
    expect(out).toMatch(
      /Normal\s+NodeNotReady\s+.*node-controller\s+Node aks-np1-12345678-vmss000001 status is now: NodeNotReady/,
    );
  });

  it('describes a pod with its events', async () => {
    const out = await ok('describe', 'pod', '-n', 'shop', 'web-5d8f7c9b4d-fghij');
    expect(out).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+OOMKilled/);
    expect(out).toMatch(
      /Warning\s+BackOff\s+\S+ \(x5 over \S+\)\s+kubelet\s+Back-off restarting failed container web/,
    );
  });
});

describe('kubectl writes', () => {
  it('cordons and uncordons a node', async () => {
    expect(await ok('cordon', readyNode)).toBe(`node/${readyNode} cordoned\n`);
    expect(sim.store.get('nodes', undefined, readyNode)?.spec).toMatchObject({ unschedulable: true });
    expect(await ok('get', 'node', readyNode)).toMatch(/Ready,SchedulingDisabled/);
    expect(await ok('uncordon', readyNode)).toBe(`node/${readyNode} uncordoned\n`);
    expect(sim.store.get('nodes', undefined, readyNode)?.spec).not.toHaveProperty('unschedulable');
  });

  it('labels and unlabels objects', async () => {
    await ok('label', 'node', readyNode, 'triage=checked');
    expect((await ok('get', 'no', '-l', 'triage=checked', '-o', 'name')).trim()).toBe(`node/${readyNode}`);
    await ok('label', 'node', readyNode, 'triage-');
    expect((await ok('get', 'no', '-l', 'triage', '-o', 'name')).trim()).toBe('');
  });

  it('applies merge, JSON and strategic merge patches', async () => {
    await ok('patch', 'deploy', 'web', '-n', 'shop', '--type', 'merge', '-p', '{"spec":{"replicas":3}}');
    await ok(
      'patch',
      'deploy',
      'web',
      '-n',
      'shop',
      '--type',
      'json',
      '-p',
      '[{"op":"add","path":"/metadata/labels/tier","value":"front"}]',
    );
    await ok(
      'patch',
      'deploy',
      'web',
      '-n',
      'shop',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27.4"}]}}}}',
    );
    const web = sim.store.get('deployments.apps', 'shop', 'web') as KubeObject;
    expect(web.spec).toMatchObject({ replicas: 3 });
    expect(web.metadata.labels).toMatchObject({ app: 'web', tier: 'front' });
    expect(readPath(web, 'spec.template.spec.containers')).toEqual([
      expect.objectContaining({
        name: 'web',
        image: 'nginx:1.27.4',
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
      }),
    ]);
    expect(web.metadata.generation).toBe(3);
  });

  it('creates, replaces and deletes from files, and reports AlreadyExists', async () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'from-file', namespace: 'shop' },
      data: { a: '1' },
    };
    const path = manifest('cm', cm);
    expect(await ok('create', '-f', path)).toBe('configmap/from-file created\n');
    const again = await run('create', '-f', path);
    expect(again.stderr).toContain('configmaps "from-file" already exists');
    writeFileSync(path, JSON.stringify({ ...cm, data: { a: '2' } }));
    expect(await ok('replace', '-f', path)).toBe('configmap/from-file replaced\n');
    expect(sim.store.get('configmaps', 'shop', 'from-file')?.data).toEqual({ a: '2' });
    expect(await ok('delete', '-f', path)).toBe('configmap "from-file" deleted\n');
    expect(sim.store.get('configmaps', 'shop', 'from-file')).toBeUndefined();
  });

  it('changes nothing on --dry-run=server create, patch and delete', async () => {
    const path = manifest('dry', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dry', namespace: 'shop' },
    });
    expect(await ok('create', '-f', path, '--dry-run=server')).toBe(
      'configmap/dry created (server dry run)\n',
    );
    expect(sim.store.get('configmaps', 'shop', 'dry')).toBeUndefined();
    const patched = await ok(
      'patch',
      'cm',
      'web-config',
      '-n',
      'shop',
      '--dry-run=server',
      '-p',
      '{"data":{"LOG_LEVEL":"debug"}}',
      '-o',
      'json',
    );
    expect(JSON.parse(patched).data.LOG_LEVEL).toBe('debug');
    expect(sim.store.get('configmaps', 'shop', 'web-config')?.data).toMatchObject({ LOG_LEVEL: 'info' });
    expect(await ok('delete', 'cm', 'web-config', '-n', 'shop', '--dry-run=server')).toBe(
      'configmap "web-config" deleted (server dry run)\n',
    );
    expect(sim.store.get('configmaps', 'shop', 'web-config')).toBeDefined();
  });

  it('rejects an invalid object with the 422 message kubectl prints', async () => {
    const path = manifest('bad', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'Bad_Name', namespace: 'shop' },
    });
    const result = await run('create', '-f', path);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"',
    );
  });
});

describe('kubectl create generators (protobuf bodies)', () => {
  it('creates namespaces, configmaps, service accounts, deployments, services and PDBs', async () => {
    expect(await ok('create', 'namespace', 'gen')).toBe('namespace/gen created\n');
    await ok('create', 'configmap', 'gen-cm', '-n', 'gen', '--from-literal=k=v');
    await ok('create', 'serviceaccount', 'gen-sa', '-n', 'gen');
    await ok(
      'create',
      'deployment',
      'gen-web',
      '-n',
      'gen',
      '--image=nginx:1.27',
      '--replicas=0',
      '--port=8080',
    );
    await ok('create', 'service', 'clusterip', 'gen-svc', '-n', 'gen', '--tcp=80:8080');
    await ok('create', 'pdb', 'gen-pdb', '-n', 'gen', '--selector=app=gen-web', '--max-unavailable=50%');
    expect(sim.store.get('configmaps', 'gen', 'gen-cm')?.data).toEqual({ k: 'v' });
    expect(sim.store.get('serviceaccounts', 'gen', 'gen-sa')).toBeDefined();
    expect(sim.store.get('deployments.apps', 'gen', 'gen-web')?.spec).toMatchObject({
      replicas: 0,
      selector: { matchLabels: { app: 'gen-web' } },
      template: {
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] },
      },
    });
    expect(sim.store.get('services', 'gen', 'gen-svc')?.spec).toMatchObject({
      type: 'ClusterIP',
      ports: [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }],
    });
    expect(sim.store.get('poddisruptionbudgets.policy', 'gen', 'gen-pdb')?.spec).toMatchObject({
      maxUnavailable: '50%',
    });
  });
});

describe('kubectl debug node (a protobuf Pod)', () => {
  it('creates a privileged host pod on the node with the host root mounted', async () => {
    const out = await run(
      'debug',
      `node/${readyNode}`,
      '--image=busybox:1.36',
      '--profile=sysadmin',
      '--',
      'true',
    );
    expect(out.stdout).toContain(`Creating debugging pod node-debugger-${readyNode}-`);
    const [pod] = sim.store.list('pods', {
      namespace: 'default',
      fieldSelector: `spec.nodeName=${readyNode}`,
    }).items;
    expect(pod?.spec).toMatchObject({
      nodeName: readyNode,
      hostPID: true,
      hostNetwork: true,
      restartPolicy: 'Never',
      volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
      tolerations: [{ operator: 'Exists' }],
      containers: [
        {
          name: 'debugger',
          image: 'busybox:1.36',
          command: ['true'],
          securityContext: { privileged: true },
          volumeMounts: [{ name: 'host-root', mountPath: '/host' }],
        },
      ],
    });
  });
});

describe('kubectl get -w', () => {
  it('prints an object created while it watches', async () => {
    const watch = startKubectl(kc, ['get', 'cm', '-n', 'shop', '-w', '-o', 'name']);
    try {
      await eventually(() => watch.output().includes('configmap/web-config'));
      sim.store.create('configmaps', { metadata: { name: 'watched', namespace: 'shop' } });
      await eventually(() => watch.output().includes('configmap/watched'));
    } finally {
      watch.stop();
    }
  });
});
