import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderScenario } from '../scripts/scenario-kit/scenario.js';
import { SCENARIOS } from '../scripts/scenarios/index.js';
import { type Simulator, startSimulator } from '../src/start-simulator.js';
import { type KubectlResult, kubectl } from './subresources/kubectl-harness.js';

/** The fields of Inspektor Gadget JSON events that the tests look at. */
interface IgEvent {
  timestamp: string;
  type?: string;
  error?: string;
  qr?: string;
  rcode?: string;
  name?: string;
  latency_ns_raw?: number;
  pkt_type?: string;
  nameserver?: { addr: string };
}

const scenariosDir = new URL('../scenarios/', import.meta.url);
const SLOW = 120_000;

/** Runs kubectl and fails the test with its stderr when it exits non-zero. */
async function ok(sim: Simulator, args: string[]): Promise<string> {
  const result: KubectlResult = await kubectl(sim, args);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

/** Polls an async check until it returns a value: diagnostic pods move on the simulator's clock. */
async function poll<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Starts the named scenario for one describe block and closes it afterwards. */
function useScenario(name: string): () => Simulator {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator({ scenario: name });
  }, SLOW);
  afterAll(async () => {
    await sim?.close();
  });
  return () => {
    if (!sim) throw new Error(`scenario ${name} did not start`);
    return sim;
  };
}

function podName(sim: Simulator, args: string[]): Promise<string> {
  return ok(sim, ['get', 'pods', ...args, '-o', 'jsonpath={.items[0].metadata.name}']);
}

describe('scenario folders', () => {
  it('hold a README and the files their definition renders, byte for byte', () => {
    const folders = readdirSync(scenariosDir, { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(folders.map((d) => d.name).sort()).toEqual(Object.keys(SCENARIOS).sort());
    for (const [name, build] of Object.entries(SCENARIOS)) {
      expect(readFileSync(new URL(`${name}/README.md`, scenariosDir), 'utf8')).toMatch(
        new RegExp(`^# ${name}\\n`),
      );
      for (const [file, text] of renderScenario(build())) {
        expect(readFileSync(new URL(`${name}/${file}`, scenariosDir), 'utf8'), `${name}/${file}`).toBe(text);
      }
    }
  });

  it('reject a malformed scenario with an error naming the file and the object', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triage-bad-scenario-'));
    try {
      await writeFile(
        join(dir, 'nodes.yaml'),
        'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata: {name: good-node}\n- metadata: {name: broken-node}\n  status: {}\n',
      );
      await expect(startSimulator({ scenario: dir })).rejects.toThrow(/nodes\.yaml.*broken-node/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('healthy', () => {
  const sim = useScenario('healthy');

  it('shows every node Ready, every pod Running and no Warning events', { timeout: SLOW }, async () => {
    const nodes = await ok(sim(), ['get', 'nodes', '--no-headers']);
    expect(nodes.trim().split('\n')).toHaveLength(3);
    expect(nodes).not.toMatch(/NotReady|SchedulingDisabled|Unknown/);
    const notRunning = await kubectl(sim(), [
      'get',
      'pods',
      '-A',
      '--field-selector',
      'status.phase!=Running',
    ]);
    expect(notRunning.stdout + notRunning.stderr).toMatch(/No resources found/);
    const warnings = await kubectl(sim(), ['get', 'events', '-A', '--field-selector', 'type=Warning']);
    expect(warnings.stdout + warnings.stderr).toMatch(/No resources found/);
    const pdbs = await ok(sim(), [
      'get',
      'pdb',
      '-n',
      'shop',
      '-o',
      'jsonpath={.items[*].status.disruptionsAllowed}',
    ]);
    expect(pdbs.split(' ')).toEqual(['1', '1']);
  });
});

describe('tcp-refused', () => {
  const sim = useScenario('tcp-refused');

  it('shows a Service targeting 8080 while its pods listen on 3000, and storefront logs ECONNREFUSED', {
    timeout: SLOW,
  }, async () => {
    expect(
      await ok(sim(), [
        'get',
        'svc',
        'order-service',
        '-n',
        'shop',
        '-o',
        'jsonpath={.spec.ports[0].targetPort}',
      ]),
    ).toBe('8080');
    expect(
      await ok(sim(), [
        'get',
        'endpoints',
        'order-service',
        '-n',
        'shop',
        '-o',
        'jsonpath={.subsets[0].ports[0].port}',
      ]),
    ).toBe('8080');
    expect(
      await ok(sim(), [
        'get',
        'endpointslices',
        '-n',
        'shop',
        '-l',
        'kubernetes.io/service-name=order-service',
        '-o',
        'jsonpath={.items[0].ports[0].port}',
      ]),
    ).toBe('8080');
    const ports = await ok(sim(), [
      'get',
      'pods',
      '-n',
      'shop',
      '-l',
      'app=order-service',
      '-o',
      'jsonpath={.items[*].spec.containers[0].ports[0].containerPort}',
    ]);
    expect(ports.split(' ')).toEqual(['3000', '3000']);
    const orderIps = (
      await ok(sim(), [
        'get',
        'pods',
        '-n',
        'shop',
        '-l',
        'app=order-service',
        '-o',
        'jsonpath={.items[*].status.podIP}',
      ])
    ).split(' ');
    const storefront = await podName(sim(), ['-n', 'shop', '-l', 'app=storefront']);
    const logs = await ok(sim(), ['logs', '-n', 'shop', storefront]);
    expect(logs).toContain(`ECONNREFUSED ${orderIps[0]}:8080`);
  });

  it('answers an Inspektor Gadget trace_tcp pod on a storefront node with ig JSON connect failures', {
    timeout: SLOW,
  }, async () => {
    const node = await ok(sim(), [
      'get',
      'pods',
      '-n',
      'shop',
      '-l',
      'app=storefront',
      '-o',
      'jsonpath={.items[0].spec.nodeName}',
    ]);
    await ok(sim(), [
      'run',
      'ig-trace-tcp',
      '-n',
      'default',
      '--restart=Never',
      '--image=ghcr.io/inspektor-gadget/ig:v0.38.0',
      `--overrides={"spec":{"nodeName":"${node}"}}`,
      '--command',
      '--',
      'ig',
      'run',
      'trace_tcp:v0.38.0',
      '-o',
      'json',
      '--timeout',
      '15',
    ]);
    const logs = await poll(async () => {
      const r = await kubectl(sim(), ['logs', '-n', 'default', 'ig-trace-tcp']);
      return r.code === 0 && r.stdout.trim() ? r.stdout : undefined;
    }, 'the ig pod to log events');
    const events = logs
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as IgEvent);
    const refused = events.filter((e) => e.type === 'connect' && e.error === 'ECONNREFUSED');
    expect(refused.length).toBeGreaterThan(10);
    expect(refused[0]).toMatchObject({
      type_raw: 0,
      error_raw: 111,
      accept_fd: -1,
      dst: { port: 8080, proto: 'TCP', k8s: { kind: 'pod', namespace: 'shop' } },
      k8s: { node, namespace: 'shop' },
    });
    expect(refused[0]?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  });
});

describe('dns-upstream', () => {
  const sim = useScenario('dns-upstream');

  it('shows the custom forwarder in coredns-custom and EAI_AGAIN in the order-service log', {
    timeout: SLOW,
  }, async () => {
    const custom = await ok(sim(), [
      'get',
      'configmap',
      'coredns-custom',
      '-n',
      'kube-system',
      '-o',
      'jsonpath={.data.contoso\\.server}',
    ]);
    expect(custom).toMatch(/contoso\.internal:53 \{[\s\S]*forward \. 10\.50\.0\.4/);
    expect(
      await ok(sim(), ['get', 'svc', 'kube-dns', '-n', 'kube-system', '-o', 'jsonpath={.spec.clusterIP}']),
    ).toBe('10.0.0.10');
    const orders = await podName(sim(), ['-n', 'shop', '-l', 'app=order-service']);
    expect(await ok(sim(), ['logs', '-n', 'shop', orders])).toContain(
      'getaddrinfo EAI_AGAIN payments.contoso.internal',
    );
  });

  it('answers trace_dns on a CoreDNS node with queries to the upstream that never get a response', {
    timeout: SLOW,
  }, async () => {
    const node = await ok(sim(), [
      'get',
      'pods',
      '-n',
      'kube-system',
      '-l',
      'k8s-app=kube-dns',
      '-o',
      'jsonpath={.items[0].spec.nodeName}',
    ]);
    await ok(sim(), [
      'run',
      'ig-trace-dns',
      '-n',
      'default',
      '--restart=Never',
      '--image=ghcr.io/inspektor-gadget/ig:v0.38.0',
      `--overrides={"spec":{"nodeName":"${node}"}}`,
      '--command',
      '--',
      'ig',
      'run',
      'trace_dns:v0.38.0',
      '-o',
      'json',
    ]);
    const logs = await poll(async () => {
      const r = await kubectl(sim(), ['logs', '-n', 'default', 'ig-trace-dns']);
      return r.code === 0 && r.stdout.trim() ? r.stdout : undefined;
    }, 'the ig pod to log events');
    const events = logs
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as IgEvent);
    const upstream = events.filter(
      (e) => e.nameserver?.addr === '10.50.0.4' && e.name === 'payments.contoso.internal.',
    );
    expect(upstream.length).toBeGreaterThan(0);
    expect(upstream.every((e) => e.qr === 'Q' && e.rcode === '' && e.latency_ns_raw === 0)).toBe(true);
    const inventory = events.find(
      (e) => e.qr === 'R' && e.nameserver?.addr === '10.50.0.4' && e.name === 'inventory.contoso.internal.',
    );
    expect(inventory).toMatchObject({ rcode: 'Success', pkt_type: 'HOST' });
  });
});

describe('node-notready-memory', () => {
  const sim = useScenario('node-notready-memory');
  const node = 'aks-userpool-31415926-vmss000001';

  it('shows the node NotReady because the kubelet stopped posting status, with unreachable taints', {
    timeout: SLOW,
  }, async () => {
    expect(await ok(sim(), ['get', 'node', node, '--no-headers'])).toMatch(
      new RegExp(`^${node}\\s+NotReady`),
    );
    const describeNode = await ok(sim(), ['describe', 'node', node]);
    expect(describeNode).toContain('Kubelet stopped posting node status.');
    expect(describeNode).toContain('node.kubernetes.io/unreachable:NoExecute');
  });

  it('lists the OOM kills, memory pressure and NodeNotReady among the node events', {
    timeout: SLOW,
  }, async () => {
    const events = await ok(sim(), [
      'get',
      'events',
      '-n',
      'default',
      '--field-selector',
      `involvedObject.name=${node}`,
      '-o',
      'jsonpath={range .items[*]}{.reason}{"\\n"}{end}',
    ]);
    expect(events.split('\n')).toEqual(
      expect.arrayContaining([
        'OOMKilling',
        'SystemOOM',
        'NodeHasInsufficientMemory',
        'EvictionThresholdMet',
        'NodeNotReady',
      ]),
    );
  });

  it('shows the OOMKilled worker and the evicted pods', { timeout: SLOW }, async () => {
    const reasons = await ok(sim(), [
      'get',
      'pods',
      '-n',
      'reporting',
      '--field-selector',
      `spec.nodeName=${node}`,
      '-o',
      'jsonpath={.items[0].status.containerStatuses[0].lastState.terminated.reason} {.items[0].status.containerStatuses[0].lastState.terminated.exitCode} {.items[0].status.containerStatuses[0].restartCount}',
    ]);
    expect(reasons).toBe('OOMKilled 137 6');
    const evicted = await ok(sim(), [
      'get',
      'pods',
      '-n',
      'shop',
      '--field-selector',
      'status.phase=Failed',
      '-o',
      'jsonpath={range .items[*]}{.status.reason}: {.status.message}{"\\n"}{end}',
    ]);
    expect(evicted).toMatch(/^Evicted: The node was low on resource: memory\./m);
  });
});

describe('node-disk-pressure', () => {
  const sim = useScenario('node-disk-pressure');
  const node = 'aks-nodepool1-31415926-vmss000002';

  it('shows DiskPressure, the disk-pressure taint and image garbage collection failing', {
    timeout: SLOW,
  }, async () => {
    const describeNode = await ok(sim(), ['describe', 'node', node]);
    expect(describeNode).toMatch(/DiskPressure\s+True/);
    expect(describeNode).toContain('node.kubernetes.io/disk-pressure:NoSchedule');
    expect(describeNode).toContain('but only found 0 bytes eligible to free');
    const evicted = await ok(sim(), [
      'get',
      'pods',
      '-A',
      '--field-selector',
      'status.phase=Failed',
      '-o',
      'jsonpath={range .items[*]}{.status.message}{"\\n"}{end}',
    ]);
    expect(evicted).toContain('The node was low on resource: ephemeral-storage.');
  });
});

describe('pdb-drain-blocked', () => {
  const sim = useScenario('pdb-drain-blocked');
  const node = 'aks-userpool-31415926-vmss000000';

  it('shows the cordoned node and the PDB that allows no disruption next to one that does', {
    timeout: SLOW,
  }, async () => {
    expect(await ok(sim(), ['get', 'node', node, '--no-headers'])).toMatch(/Ready,SchedulingDisabled/);
    const pdbs = await ok(sim(), ['get', 'pdb', '-A', '--no-headers']);
    expect(pdbs).toMatch(/^web\s+nginx-pdb\s+1\s+N\/A\s+0\s/m);
    expect(pdbs).toMatch(/^shop\s+storefront-pdb\s+N\/A\s+1\s+1\s/m);
    const drains = await ok(sim(), [
      'get',
      'events',
      '-n',
      'default',
      '--field-selector',
      `involvedObject.name=${node},reason=Drain,type=Warning`,
      '-o',
      'jsonpath={.items[0].message}',
    ]);
    expect(drains).toMatch(/^Eviction blocked by Too Many Requests \(usually a pdb\): web\/nginx-/);
  });
});

describe('windows-mixed', () => {
  const sim = useScenario('windows-mixed');

  it('shows the ltsc2022 pod on a 2019 node stuck with the OS mismatch event', {
    timeout: SLOW,
  }, async () => {
    const legacy = await podName(sim(), ['-n', 'win', '-l', 'app=legacy-api']);
    const describePod = await ok(sim(), ['describe', 'pod', '-n', 'win', legacy]);
    expect(describePod).toContain('aksnpwin000001');
    expect(describePod).toContain('ContainerCreating');
    expect(describePod).toContain('The container operating system does not match the host operating system');
    expect(
      await ok(sim(), [
        'get',
        'node',
        'aksnpwin000001',
        '-o',
        'jsonpath={.metadata.labels.node\\.kubernetes\\.io/windows-build}',
      ]),
    ).toBe('10.0.17763');
  });

  it('shows the Windows pod that landed on a Linux node in ImagePullBackOff, and an empty IIS log', {
    timeout: SLOW,
  }, async () => {
    expect(
      await ok(sim(), ['get', 'pods', '-n', 'win', '-l', 'app=iis-frontend', '-o', 'wide', '--no-headers']),
    ).toMatch(/ImagePullBackOff.*aks-nodepool1-31415926-vmss000001/);
    const site = await podName(sim(), ['-n', 'win', '-l', 'app=iis-site']);
    expect(await ok(sim(), ['logs', '-n', 'win', site])).toBe('');
    expect(await ok(sim(), ['get', 'runtimeclass', '-o', 'name'])).toMatch(/windows-2019[\s\S]*windows-2022/);
  });

  it('answers exec on the HNS node with kube-proxy HNS endpoint errors', { timeout: SLOW }, async () => {
    const pod = await podName(sim(), [
      '-n',
      'win',
      '--field-selector',
      'spec.nodeName=aksnpwin000000',
      '-l',
      'app=orders-legacy',
    ]);
    const out = await ok(sim(), [
      'exec',
      '-n',
      'win',
      pod,
      '--',
      'powershell',
      '-Command',
      'Get-Content C:\\k\\kubeproxy.err.log -Tail 50',
    ]);
    expect(out).toContain(
      '"Endpoint creation failed" err="hnsCall failed in Win32: The object already exists. (0x1392)"',
    );
  });
});
