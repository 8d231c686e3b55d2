/**
 * Field numbers of the Kubernetes protobuf messages that `kubectl create <kind>` generators send
 * (kubectl's typed clients post `application/vnd.kubernetes.protobuf`), from the `generated.proto`
 * files of k8s.io/api and k8s.io/apimachinery; checked against the bytes kubectl v1.32 sends.
 * Fields outside these schemas are skipped.
 */

/** How one field decodes. Messages nest; maps are string→string unless `map: 'bytes'|'quantity'`. */
export type FieldType =
  | 'string'
  | 'int'
  | 'bool'
  | 'time'
  | 'intOrString'
  | 'quantity'
  | { map: 'string' | 'bytes' | 'quantity' }
  | { message: MessageSchema };

export interface FieldSchema {
  name: string;
  type: FieldType;
  repeated?: boolean;
  /** Keep a zero, false or empty-message value (pointer fields such as `replicas`, `emptyDir: {}`). */
  keepZero?: boolean;
  /** Merge the message's fields into the parent, as Go's inlined structs appear in JSON (Volume's source). */
  inline?: boolean;
}

export type MessageSchema = Readonly<Record<number, FieldSchema>>;

const f = (name: string, type: FieldType, extra: Partial<FieldSchema> = {}): FieldSchema => ({
  name,
  type,
  ...extra,
});
const strings = (name: string) => f(name, 'string', { repeated: true });
const stringMap = { map: 'string' } as const;

const ownerReference: MessageSchema = {
  1: f('kind', 'string'),
  3: f('name', 'string'),
  4: f('uid', 'string'),
  5: f('apiVersion', 'string'),
  6: f('controller', 'bool'),
  7: f('blockOwnerDeletion', 'bool'),
};

const objectMeta: MessageSchema = {
  1: f('name', 'string'),
  2: f('generateName', 'string'),
  3: f('namespace', 'string'),
  5: f('uid', 'string'),
  6: f('resourceVersion', 'string'),
  7: f('generation', 'int'),
  8: f('creationTimestamp', 'time'),
  11: f('labels', stringMap),
  12: f('annotations', stringMap),
  13: f('ownerReferences', { message: ownerReference }, { repeated: true }),
  14: strings('finalizers'),
};

const labelSelector: MessageSchema = {
  1: f('matchLabels', stringMap),
  2: f(
    'matchExpressions',
    { message: { 1: f('key', 'string'), 2: f('operator', 'string'), 3: strings('values') } },
    { repeated: true },
  ),
};

const container: MessageSchema = {
  1: f('name', 'string'),
  2: f('image', 'string'),
  3: strings('command'),
  4: strings('args'),
  5: f('workingDir', 'string'),
  6: f(
    'ports',
    {
      message: {
        1: f('name', 'string'),
        2: f('hostPort', 'int'),
        3: f('containerPort', 'int'),
        4: f('protocol', 'string'),
        5: f('hostIP', 'string'),
      },
    },
    { repeated: true },
  ),
  7: f('env', { message: { 1: f('name', 'string'), 2: f('value', 'string') } }, { repeated: true }),
  8: f('resources', {
    message: { 1: f('limits', { map: 'quantity' }), 2: f('requests', { map: 'quantity' }) },
  }),
  9: f(
    'volumeMounts',
    {
      message: {
        1: f('name', 'string'),
        2: f('readOnly', 'bool'),
        3: f('mountPath', 'string'),
        4: f('subPath', 'string'),
      },
    },
    { repeated: true },
  ),
  13: f('terminationMessagePath', 'string'),
  14: f('imagePullPolicy', 'string'),
  15: f('securityContext', {
    message: {
      2: f('privileged', 'bool'),
      4: f('runAsUser', 'int', { keepZero: true }),
      5: f('runAsNonRoot', 'bool', { keepZero: true }),
      10: f('windowsOptions', { message: { 3: f('runAsUserName', 'string'), 4: f('hostProcess', 'bool') } }),
    },
  }),
  16: f('stdin', 'bool'),
  17: f('stdinOnce', 'bool'),
  18: f('tty', 'bool'),
  20: f('terminationMessagePolicy', 'string'),
};

const volume: MessageSchema = {
  1: f('name', 'string'),
  2: f(
    'source',
    {
      message: {
        1: f('hostPath', { message: { 1: f('path', 'string'), 2: f('type', 'string') } }),
        2: f('emptyDir', { message: { 1: f('medium', 'string') } }, { keepZero: true }),
      },
    },
    { inline: true },
  ),
};

const toleration: MessageSchema = {
  1: f('key', 'string'),
  2: f('operator', 'string'),
  3: f('value', 'string'),
  4: f('effect', 'string'),
  5: f('tolerationSeconds', 'int', { keepZero: true }),
};

const podSpec: MessageSchema = {
  1: f('volumes', { message: volume }, { repeated: true }),
  2: f('containers', { message: container }, { repeated: true }),
  3: f('restartPolicy', 'string'),
  4: f('terminationGracePeriodSeconds', 'int', { keepZero: true }),
  5: f('activeDeadlineSeconds', 'int', { keepZero: true }),
  6: f('dnsPolicy', 'string'),
  7: f('nodeSelector', stringMap),
  8: f('serviceAccountName', 'string'),
  10: f('nodeName', 'string'),
  11: f('hostNetwork', 'bool'),
  12: f('hostPID', 'bool'),
  13: f('hostIPC', 'bool'),
  16: f('hostname', 'string'),
  17: f('subdomain', 'string'),
  19: f('schedulerName', 'string'),
  20: f('initContainers', { message: container }, { repeated: true }),
  22: f('tolerations', { message: toleration }, { repeated: true }),
  24: f('priorityClassName', 'string'),
};

const podTemplateSpec: MessageSchema = {
  1: f('metadata', { message: objectMeta }),
  2: f('spec', { message: podSpec }),
};

const servicePort: MessageSchema = {
  1: f('name', 'string'),
  2: f('protocol', 'string'),
  3: f('port', 'int'),
  4: f('targetPort', 'intOrString'),
  5: f('nodePort', 'int'),
  6: f('appProtocol', 'string'),
};

/** Top-level messages by `apiVersion/kind` (the runtime.Unknown envelope's type). */
export const protobufKinds: Readonly<Record<string, MessageSchema>> = {
  'v1/Pod': { 1: f('metadata', { message: objectMeta }), 2: f('spec', { message: podSpec }) },
  'v1/Namespace': {
    1: f('metadata', { message: objectMeta }),
    2: f('spec', { message: { 1: strings('finalizers') } }),
  },
  'v1/ConfigMap': {
    1: f('metadata', { message: objectMeta }),
    2: f('data', stringMap),
    3: f('binaryData', { map: 'bytes' }),
    4: f('immutable', 'bool'),
  },
  'v1/ServiceAccount': {
    1: f('metadata', { message: objectMeta }),
    4: f('automountServiceAccountToken', 'bool', { keepZero: true }),
  },
  'v1/Service': {
    1: f('metadata', { message: objectMeta }),
    2: f('spec', {
      message: {
        1: f('ports', { message: servicePort }, { repeated: true }),
        2: f('selector', stringMap),
        3: f('clusterIP', 'string'),
        4: f('type', 'string'),
        5: strings('externalIPs'),
        7: f('sessionAffinity', 'string'),
        10: f('externalName', 'string'),
      },
    }),
  },
  'apps/v1/Deployment': {
    1: f('metadata', { message: objectMeta }),
    2: f('spec', {
      message: {
        1: f('replicas', 'int', { keepZero: true }),
        2: f('selector', { message: labelSelector }),
        3: f('template', { message: podTemplateSpec }),
        4: f('strategy', { message: { 1: f('type', 'string') } }),
        5: f('minReadySeconds', 'int'),
        6: f('revisionHistoryLimit', 'int', { keepZero: true }),
        7: f('paused', 'bool'),
        9: f('progressDeadlineSeconds', 'int', { keepZero: true }),
      },
    }),
  },
  'policy/v1/PodDisruptionBudget': {
    1: f('metadata', { message: objectMeta }),
    2: f('spec', {
      message: {
        1: f('minAvailable', 'intOrString'),
        2: f('selector', { message: labelSelector }),
        3: f('maxUnavailable', 'intOrString'),
        4: f('unhealthyPodEvictionPolicy', 'string'),
      },
    }),
  },
};
