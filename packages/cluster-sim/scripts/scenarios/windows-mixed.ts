import { addAksBaseline } from '../scenario-kit/baseline.js';
import { setNodeMetrics, setPodMetrics } from '../scenario-kit/metrics.js';
import { at, plus } from '../scenario-kit/cluster.js';
import { hexFor } from '../scenario-kit/ids.js';
import { type NodeRef, WINDOWS } from '../scenario-kit/nodes.js';
import { buildEvent, buildService, buildWindowsRuntimeClass, involve } from '../scenario-kit/objects.js';
import { podBasics } from '../scenario-kit/pod-events.js';
import type { ContainerInput } from '../scenario-kit/pods.js';
import { type ScenarioBuilder, createScenario } from '../scenario-kit/scenario.js';
import { nodeService, shopApp, shopService } from '../scenario-kit/shop.js';
import { buildDaemonSet } from '../scenario-kit/workloads.js';
import {
  collectWindowsLogsOutput,
  containerdErrLogOsMismatch,
  hnsEndpointsJson,
  kubeProxyErrLogWithHnsFailures,
  kubeProxyLogHealthy,
  kubeletErrLogOsMismatch,
} from './windows-node-logs.js';
import {
  applicationEventLogQuiet,
  type CollectedSource,
  collectorRun,
  crictlPs,
  hnsNetworksJson,
  ipconfig,
  portRanges,
  routePrint,
  systemEventLogQuiet,
} from './windows-collector.js';

type KubeObject = Record<string, unknown>;

const HNS_NODE = 'aksnpwin000000';
const MISMATCH_NODE = 'aksnpwin000001';
const WIN_TOLERATION = { effect: 'NoSchedule', key: 'os', operator: 'Equal', value: 'windows' };
const LTSC2019 = {
  'kubernetes.io/arch': 'amd64',
  'kubernetes.io/os': 'windows',
  'node.kubernetes.io/windows-build': WINDOWS['2019'].build,
};
const LTSC2022 = {
  'kubernetes.io/arch': 'amd64',
  'kubernetes.io/os': 'windows',
  'node.kubernetes.io/windows-build': WINDOWS['2022'].build,
};
const SERVICE_MONITOR = ['C:\\ServiceMonitor.exe', 'w3svc'];

function iis(name: string, image: string, extra: Partial<ContainerInput> = {}): ContainerInput {
  return {
    name,
    image,
    ports: [{ containerPort: 80, name: 'http' }],
    resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '250m', memory: '512Mi' } },
    ...extra,
  };
}

/**
 * A mixed cluster: Linux system pool, Windows Server 2019 pool `npwin` (untainted) and Windows Server 2022
 * pool `win22` (tainted os=windows). Four Windows problems at once: an ltsc2022 image on a 2019 node, a
 * Windows pod on a Linux node, an IIS pod without LogMonitor, and HNS failures in kube-proxy on one node.
 */
export function buildWindowsMixed(): ScenarioBuilder {
  const s = createScenario('windows-mixed', at('08:30:00'));
  const win22Taint = [{ key: 'os', value: 'windows', effect: 'NoSchedule' }];
  const base = addAksBaseline(s, {
    namespaces: ['shop', 'win', 'monitoring'],
    nodes: [
      { pool: 'nodepool1', index: 0, mode: 'System', ipOctet: 4, podCidrOctet: 0 },
      { pool: 'nodepool1', index: 1, mode: 'System', ipOctet: 5, podCidrOctet: 1 },
      { pool: 'npwin', index: 0, os: 'windows', windows: '2019', ipOctet: 6, podCidrOctet: 2 },
      { pool: 'npwin', index: 1, os: 'windows', windows: '2019', ipOctet: 7, podCidrOctet: 3 },
      {
        pool: 'win22',
        index: 0,
        os: 'windows',
        windows: '2022',
        ipOctet: 8,
        podCidrOctet: 4,
        taints: win22Taint,
      },
      {
        pool: 'win22',
        index: 1,
        os: 'windows',
        windows: '2022',
        ipOctet: 9,
        podCidrOctet: 5,
        taints: win22Taint,
      },
    ],
  });
  const node = (name: string) => base.nodes[name] as NodeRef;
  const [linux0, linux1] = base.linux as [NodeRef, NodeRef];
  s.add(
    'runtimeclasses.yaml',
    buildWindowsRuntimeClass('windows-2019', WINDOWS['2019'].build, '2024-12-02T10:14:09Z', s.rv),
    buildWindowsRuntimeClass('windows-2022', WINDOWS['2022'].build, '2024-12-02T10:14:09Z', s.rv),
  );
  // RuntimeClass windows-2019 carries the os=windows toleration too; the 2019 pool simply has no taint.
  const runtime2022 = {
    runtimeClassName: 'windows-2022',
    nodeSelector: LTSC2022,
    tolerations: [WIN_TOLERATION],
  };

  const storefront = shopApp(s, {
    name: 'storefront',
    replicas: 2,
    nodes: [linux0, linux1],
    container: nodeService('storefront', 3000),
  });
  const legacy = shopApp(s, {
    name: 'legacy-api',
    namespace: 'win',
    replicas: 1,
    nodes: [node(MISMATCH_NODE)],
    rolledOut: at('08:11:01'),
    nodeSelector: { 'kubernetes.io/os': 'windows' },
    container: iis(
      'legacy-api',
      'mcr.microsoft.com/dotnet/framework/aspnet:4.8.1-windowsservercore-ltsc2022',
    ),
    pods: {
      0: {
        sandboxFailed: true,
        containers: [
          {
            ...iis(
              'legacy-api',
              'mcr.microsoft.com/dotnet/framework/aspnet:4.8.1-windowsservercore-ltsc2022',
            ),
            state: { waiting: { reason: 'ContainerCreating' } },
            ready: false,
          },
        ],
      },
    },
  });
  const iisFrontendImage = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019';
  const frontend = shopApp(s, {
    name: 'iis-frontend',
    namespace: 'win',
    replicas: 1,
    nodes: [linux1],
    rolledOut: at('07:52:17'),
    container: iis('iis-frontend', iisFrontendImage),
    pods: {
      0: {
        containers: [
          {
            ...iis('iis-frontend', iisFrontendImage),
            state: {
              waiting: {
                reason: 'ImagePullBackOff',
                message: `Back-off pulling image "${iisFrontendImage}"`,
              },
            },
            ready: false,
          },
        ],
      },
    },
  });
  const site = shopApp(s, {
    name: 'iis-site',
    namespace: 'win',
    replicas: 1,
    nodes: [node('akswin22000000')],
    podSpec: runtime2022,
    container: iis('iis-site', 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022', {
      command: SERVICE_MONITOR,
    }),
  });
  const orders = shopApp(s, {
    name: 'orders-legacy',
    namespace: 'win',
    replicas: 2,
    nodes: [node(HNS_NODE), node(MISMATCH_NODE)],
    podSpec: { runtimeClassName: 'windows-2019', nodeSelector: LTSC2019, tolerations: [WIN_TOLERATION] },
    container: iis('orders-legacy', 'acrshopprod.azurecr.io/win/orders-legacy:1.9.2-ltsc2019', {
      command: ['C:\\LogMonitor\\LogMonitor.exe', ...SERVICE_MONITOR],
    }),
  });
  const created = '2025-01-14T10:31:52Z';
  s.add(
    'workloads.yaml',
    ...shopService(s, base, 'storefront', '10.0.87.201', storefront.pods),
    ...buildService(
      {
        name: 'orders-legacy',
        namespace: 'win',
        clusterIP: '10.0.201.55',
        created,
        selector: { app: 'orders-legacy' },
        ports: [{ name: 'http', port: 80, targetPort: 'http' }],
        backends: orders.pods,
        zoneOf: base.zoneOf,
      },
      s.rv,
    ),
  );
  const exporter = buildDaemonSet(
    {
      name: 'windows-exporter',
      namespace: 'monitoring',
      created: '2025-02-03T15:22:47Z',
      template: {
        labels: { 'app.kubernetes.io/name': 'windows-exporter' },
        hostNetwork: true,
        nodeSelector: { agentpool: 'win22', 'kubernetes.io/os': 'windows' },
        tolerations: [WIN_TOLERATION],
        securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\system' } },
        containers: [
          {
            name: 'windows-exporter',
            image: 'ghcr.io/prometheus-community/windows-exporter:0.29.2',
            args: ['--config.file=%CONTAINER_SANDBOX_MOUNT_POINT%/config.yml', '--web.listen-address=:9182'],
            ports: [{ containerPort: 9182, hostPort: 9182, name: 'http' }],
          },
        ],
      },
      nodes: [node('akswin22000000'), node('akswin22000001')].map((n) => ({ node: n })),
    },
    s.rv,
  );
  s.add('workloads.yaml', ...exporter.objects);
  for (const p of [...storefront.pods, ...site.pods, ...orders.pods, ...exporter.pods]) setPodMetrics(s, p);

  const legacyPod = legacy.pods[0] as KubeObject;
  const sandboxId = hexFor(`sandbox:${podBasics(legacyPod).name}`, 64);
  addEvents(s, {
    legacyPod,
    sandboxId,
    frontendPod: frontend.pods[0] as KubeObject,
  });
  addLogsAndRules(s, {
    legacyPod,
    sandboxId,
    site: site.pods[0] as KubeObject,
    orders: orders.pods,
    service: '10.0.201.55',
  });
  setNodeMetrics(s);
  return s;
}

function addEvents(
  s: ScenarioBuilder,
  o: { legacyPod: KubeObject; sandboxId: string; frontendPod: KubeObject },
): void {
  const legacy = podBasics(o.legacyPod);
  const frontend = podBasics(o.frontendPod);
  const image = frontend.image;
  const onLegacy = { component: 'kubelet', host: legacy.node };
  const onFrontend = { component: 'kubelet', host: frontend.node };
  const c = `spec.containers{${frontend.container}}`;
  s.add(
    'events.yaml',
    buildEvent(
      {
        involved: involve(o.legacyPod),
        reason: 'Scheduled',
        message: `Successfully assigned win/${legacy.name} to ${legacy.node}`,
        component: 'default-scheduler',
        first: at('08:11:02'),
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: involve(o.legacyPod),
        type: 'Warning',
        reason: 'FailedCreatePodSandBox',
        message: `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to start sandbox "${o.sandboxId}": failed to create containerd task: failed to create shim task: hcs::CreateComputeSystem ${o.sandboxId}: The container operating system does not match the host operating system.: unknown`,
        ...onLegacy,
        first: at('08:11:05'),
        last: at('08:29:31'),
        count: 23,
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: involve(o.frontendPod),
        reason: 'Scheduled',
        message: `Successfully assigned win/${frontend.name} to ${frontend.node}`,
        component: 'default-scheduler',
        first: at('07:52:18'),
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: involve(o.frontendPod, c),
        reason: 'Pulling',
        message: `Pulling image "${image}"`,
        ...onFrontend,
        first: at('07:52:20'),
        last: at('08:27:41'),
        count: 9,
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: involve(o.frontendPod, c),
        type: 'Warning',
        reason: 'Failed',
        message: `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": no match for platform in manifest: not found`,
        ...onFrontend,
        first: at('07:52:21'),
        last: at('08:27:42'),
        count: 9,
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: involve(o.frontendPod, c),
        type: 'Warning',
        reason: 'Failed',
        message: 'Error: ErrImagePull',
        ...onFrontend,
        first: at('07:52:21'),
        last: at('08:27:42'),
        count: 9,
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: involve(o.frontendPod, c),
        reason: 'BackOff',
        message: `Back-off pulling image "${image}"`,
        ...onFrontend,
        first: at('07:52:22'),
        last: at('08:29:55'),
        count: 152,
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: involve(o.frontendPod, c),
        type: 'Warning',
        reason: 'Failed',
        message: 'Error: ImagePullBackOff',
        ...onFrontend,
        first: at('07:52:22'),
        last: at('08:29:55'),
        count: 152,
      },
      s.rv,
    ),
  );
}

function addLogsAndRules(
  s: ScenarioBuilder,
  o: { legacyPod: KubeObject; sandboxId: string; site: KubeObject; orders: KubeObject[]; service: string },
): void {
  const site = podBasics(o.site);
  // IIS under ServiceMonitor writes to ETW and files, not stdout: `kubectl logs` is empty.
  s.sim.logs.push({ pod: `win/${site.name}`, container: site.container, text: '' });
  for (const pod of o.orders) {
    const p = podBasics(pod);
    s.sim.logs.push({
      pod: `win/${p.name}`,
      container: p.container,
      text: `${Array.from({ length: 4 }, (_, k) => `<Source>EtwEvent</Source><Time>${plus('08:20:00', k * 97).replace('Z', '.000Z')}</Time><Provider idGuid="{3A2A4E84-4C21-4981-AE10-3FDA0D9B0F83}"/><DecodingSource>DecodingSourceXMLFile</DecodingSource><Execution ProcessID="2316" ThreadID="4120" /><Level>Information</Level><Keyword>0x8000000000000000</Keyword><EventID Qualifiers="">6200</EventID><EventData><ContextId>{${hexFor(`ctx:${p.name}:${k}`, 8)}}</ContextId><Url>/api/orders</Url><HttpStatus>200</HttpStatus></EventData>`).join('\n')}\n`,
    });
  }
  const staleIp = '10.244.2.19';
  const hnsLive = o.orders
    .map((p) => podBasics(p))
    .filter((p) => p.node === HNS_NODE)
    .map((p) => p.ip);
  const legacy = podBasics(o.legacyPod);
  const nodeFiles: Record<string, Record<string, string>> = {
    [HNS_NODE]: {
      'C:\\k\\kubeproxy.err.log': kubeProxyErrLogWithHnsFailures(staleIp, o.service),
      'C:\\k\\kubeproxy.log': kubeProxyLogHealthy(),
      'C:\\k\\kubelet.err.log': '',
    },
    [MISMATCH_NODE]: {
      'C:\\k\\kubeproxy.err.log': '',
      'C:\\k\\kubeproxy.log': kubeProxyLogHealthy(),
      'C:\\k\\kubelet.err.log': kubeletErrLogOsMismatch(`win/${legacy.name}`, o.sandboxId),
      'C:\\k\\containerd.err.log': containerdErrLogOsMismatch(o.sandboxId),
    },
  };
  addCollectorRules(s, {
    [HNS_NODE]: {
      ip: '10.224.0.6',
      files: nodeFiles[HNS_NODE] ?? {},
      hns: hnsEndpointsJson(staleIp, hnsLive),
      containers: o.orders
        .map((p) => podBasics(p))
        .filter((p) => p.node === HNS_NODE)
        .map((p) => ({
          id: hexFor(`ctr:${p.name}`, 32),
          image: 'sha256:4f0c',
          name: p.container,
          state: 'Running',
          pod: p.name,
        })),
    },
    [MISMATCH_NODE]: {
      ip: '10.224.0.7',
      files: nodeFiles[MISMATCH_NODE] ?? {},
      hns: hnsEndpointsJson(staleIp, []),
      containers: [],
    },
    'aks*win*': {
      ip: '10.224.0.8',
      files: { 'C:\\k\\kubeproxy.log': kubeProxyLogHealthy() },
      hns: '[]\n',
      containers: [],
    },
  });
  for (const [node, files] of Object.entries(nodeFiles)) {
    s.sim.exec.push(
      {
        match: { node, command: '*Get-HnsEndpoint*' },
        stdout: hnsEndpointsJson(staleIp, node === HNS_NODE ? hnsLive : []),
        exitCode: 0,
      },
      {
        match: { node, command: '*collect-windows-logs.ps1*' },
        stdout: collectWindowsLogsOutput(node),
        exitCode: 0,
      },
      ...Object.entries(files).map(([path, text]) => ({
        match: { node, command: `*${path.split('\\').pop()}*` },
        stdout: text,
        exitCode: 0,
      })),
      { match: { node }, files },
    );
  }
  // Other Windows nodes: clean logs, no HNS surprises.
  s.sim.exec.push(
    { match: { node: 'aks*win*', command: '*kubeproxy.err.log*' }, stdout: '', exitCode: 0 },
    { match: { node: 'aks*win*', command: '*kubeproxy.log*' }, stdout: kubeProxyLogHealthy(), exitCode: 0 },
    {
      match: { node: 'aks*win*', command: '*collect-windows-logs.ps1*' },
      stdout: collectWindowsLogsOutput('akswin22000000'),
      exitCode: 0,
    },
  );
  s.sim.run.push(
    // Triage's HostProcess pod only sleeps (the collector runs through exec): Running, empty log.
    {
      match: { image: '*windows-host-process-containers-base-image*' },
      logs: '',
      phase: 'Running',
      runningAfterSeconds: 2,
      finishAfterSeconds: 2,
    },
    // eBPF gadgets cannot run on Windows: the ig image has no Windows variant.
    {
      match: { image: '*inspektor-gadget*', node: 'aks*win*' },
      logs: 'exec /usr/bin/ig: exec format error\n',
      phase: 'Failed',
      exitCode: 1,
      runningAfterSeconds: 1,
      finishAfterSeconds: 2,
    },
  );
}

/**
 * Exec rules for Triage's collector (`triage-collector/2`) on each Windows node: its stdout, and the
 * archive it packed as a file of the container, for `tar.exe cf -` to stream out. They go first:
 * the collector's script also names the log files and cmdlets that the narrower rules match.
 */
function addCollectorRules(
  s: ScenarioBuilder,
  nodes: Record<
    string,
    {
      ip: string;
      files: Record<string, string>;
      hns: string;
      containers: Parameters<typeof crictlPs>[0];
    }
  >,
): void {
  const rules = Object.entries(nodes).map(([node, n]) => {
    const sources: CollectedSource[] = [
      ...Object.entries(n.files).map(([path, text]) => ({
        name: path,
        file: path.split('\\').pop() ?? path,
        text,
      })),
      { name: 'System event log', file: 'System-events.txt', text: systemEventLogQuiet() },
      { name: 'Application event log', file: 'Application-events.txt', text: applicationEventLogQuiet() },
      {
        name: 'ipconfig /all',
        file: 'ipconfig.txt',
        text: ipconfig(node.includes('*') ? 'akswin22000000' : node, n.ip),
      },
      { name: 'route print', file: 'routes.txt', text: routePrint(n.ip) },
      { name: 'netsh port ranges', file: 'port-ranges.txt', text: portRanges() },
      { name: 'Get-HnsEndpoint', file: 'hns-endpoints.json', text: n.hns },
      { name: 'Get-HnsNetwork', file: 'hns-networks.json', text: hnsNetworksJson() },
      { name: 'crictl ps -a', file: 'crictl-ps.txt', text: crictlPs(n.containers) },
    ];
    const run = collectorRun(sources);
    return [
      { match: { node, command: '*triage-collector/2*' }, stdout: run.stdout, exitCode: 0 },
      { match: { node }, files: { [run.archivePath]: `base64:${run.archive.toString('base64')}` } },
    ];
  });
  s.sim.exec.unshift(...rules.flat());
}
