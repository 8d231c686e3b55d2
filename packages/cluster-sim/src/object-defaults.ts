import { isPlainObject, type KubeObject } from './kube-object.js';

type Row = Record<string, unknown>;
const rows = (v: unknown): Row[] => (Array.isArray(v) ? (v.filter(isPlainObject) as Row[]) : []);

/** Container defaults of the real API (`SetDefaults_Container`): pull policy by tag, termination message. */
function defaultContainer(c: Row): Row {
  const image = typeof c.image === 'string' ? c.image : '';
  const tag = image.includes('@') ? 'digest' : (/:([^/:]+)$/.exec(image)?.[1] ?? 'latest');
  return {
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: tag === 'latest' ? 'Always' : 'IfNotPresent',
    ...c,
    ...(Array.isArray(c.ports) ? { ports: rows(c.ports).map((p) => ({ protocol: 'TCP', ...p })) } : {}),
  };
}

/** Pod spec defaults that describe and get -o yaml show; scheduling fields (tolerations) are left alone. */
function defaultPodSpec(spec: unknown): Row {
  const s = isPlainObject(spec) ? spec : {};
  return {
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
    terminationGracePeriodSeconds: 30,
    serviceAccountName: 'default',
    securityContext: {},
    ...s,
    containers: rows(s.containers).map(defaultContainer),
    ...(Array.isArray(s.initContainers)
      ? { initContainers: rows(s.initContainers).map(defaultContainer) }
      : {}),
  };
}

function defaultWorkload(obj: KubeObject, kind: string): KubeObject {
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  const template = isPlainObject(spec.template) ? spec.template : {};
  const byKind: Record<string, Row> = {
    Deployment: {
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    },
    ReplicaSet: { replicas: 1 },
    StatefulSet: {
      replicas: 1,
      revisionHistoryLimit: 10,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    },
    DaemonSet: {
      revisionHistoryLimit: 10,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
    },
  };
  return {
    ...obj,
    spec: { ...byKind[kind], ...spec, template: { ...template, spec: defaultPodSpec(template.spec) } },
  };
}

function defaultService(obj: KubeObject, allocateClusterIP: () => string): KubeObject {
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
  if (type === 'ExternalName') return { ...obj, spec: { type, sessionAffinity: 'None', ...spec } };
  const clusterIP = typeof spec.clusterIP === 'string' ? spec.clusterIP : allocateClusterIP();
  const defaults = { type, sessionAffinity: 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' };
  return {
    ...obj,
    spec: {
      ...defaults,
      internalTrafficPolicy: 'Cluster',
      clusterIPs: [clusterIP],
      ...spec,
      clusterIP,
      ports: rows(spec.ports).map((p) => ({ protocol: 'TCP', targetPort: p.port, ...p })),
    },
    status: { loadBalancer: {} },
  };
}

/**
 * Applies the API server's defaults to an object a client creates (not to recorded scenario objects):
 * pod and template specs, workload strategies, and Service cluster IPs.
 */
export function applyDefaults(
  storeKey: string,
  obj: KubeObject,
  allocateClusterIP: () => string,
): KubeObject {
  switch (storeKey) {
    case 'pods':
      return { ...obj, spec: defaultPodSpec(obj.spec) };
    case 'deployments.apps':
      return defaultWorkload(obj, 'Deployment');
    case 'replicasets.apps':
      return defaultWorkload(obj, 'ReplicaSet');
    case 'statefulsets.apps':
      return defaultWorkload(obj, 'StatefulSet');
    case 'daemonsets.apps':
      return defaultWorkload(obj, 'DaemonSet');
    case 'services':
      return defaultService(obj, allocateClusterIP);
    default:
      return obj;
  }
}
