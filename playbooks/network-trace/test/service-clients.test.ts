import { describe, expect, it } from 'vitest';
import { buildAddressIndex } from '../src/address-index.js';
import { igCommand } from '../src/ig-command.js';
import { asksForService, clientWorkloads, pickClientNodes, toService } from '../src/service-clients.js';
import { aggregateTcp, type TcpSummary } from '../src/tcp-aggregate.js';
import type { TcpEvent } from '../src/ig-events.js';
import { endpointSlice, node, pod, service } from './kube-fixtures.js';

const images = {
  ig: 'ig:v1',
  gadgetRepository: 'ghcr.io/inspektor-gadget/gadget',
  gadgetTag: 'v0.55.0',
  windowsHostProcess: 'hpc:1',
};

describe('pickClientNodes', () => {
  const nodes = [
    node('n-a', '10.224.0.4'),
    node('n-b', '10.224.0.5'),
    node('n-c', '10.224.0.6'),
    node('n-win', '10.224.0.7', 'windows'),
    node('n-down', '10.224.0.8', 'linux', false),
  ];

  it('picks Ready Linux nodes, those running the most pods of the namespace first, then by name', () => {
    const namespacePods = [
      pod('web-1', '10.244.2.1', { node: 'n-c' }),
      pod('web-2', '10.244.2.2', { node: 'n-c' }),
      pod('api-1', '10.244.1.1', { node: 'n-b' }),
      pod('api-2', '10.244.3.1', { node: 'n-win' }),
    ];
    expect(pickClientNodes(nodes, namespacePods)).toEqual({ nodes: ['n-c', 'n-b', 'n-a'], skipped: 0 });
  });

  it('traces at most the given number of nodes and counts the eligible ones left out', () => {
    expect(pickClientNodes(nodes, [], 2)).toEqual({ nodes: ['n-a', 'n-b'], skipped: 1 });
  });

  it('picks nothing when no node is Ready and Linux', () => {
    expect(
      pickClientNodes(
        [nodes[3], nodes[4]].filter((n) => n !== undefined),
        [],
      ),
    ).toEqual({
      nodes: [],
      skipped: 0,
    });
  });
});

describe('toService', () => {
  const objects = {
    service: service('api', '10.0.44.1', [{ name: 'http', port: 80, targetPort: 8080 }]),
    pods: [],
    slices: [
      endpointSlice('api', [{ ip: '10.244.2.7', pod: 'api-5f6d-abcde' }], [{ name: 'http', port: 8080 }]),
    ],
  };
  const isService = toService(objects);

  it('accepts the ClusterIP on a Service port and an endpoint on its EndpointSlice port', () => {
    expect(isService('10.0.44.1', 80)).toBe(true);
    expect(isService('10.244.2.7', 8080)).toBe(true);
  });

  it('rejects other ports of the same addresses and other addresses', () => {
    expect(isService('10.0.44.1', 8080)).toBe(false);
    expect(isService('10.244.2.7', 80)).toBe(false);
    expect(isService('10.244.0.12', 3000)).toBe(false);
  });
});

describe('asksForService', () => {
  const asks = asksForService(service('api', '10.0.44.1', [{ port: 80 }]));

  it('accepts the Service’s names as queried, whatever the case and cluster domain', () => {
    for (const name of ['api.', 'api.shop.', 'API.Shop.svc.cluster.local.', 'api.shop.svc.corp.example.'])
      expect(asks(name)).toBe(true);
  });

  it('rejects other Services, other namespaces and search-path misses', () => {
    for (const name of [
      'api2.shop.svc.cluster.local.',
      'api.other.svc.cluster.local.',
      'api.shop.shop.svc.cluster.local.',
    ])
      expect(asks(name)).toBe(false);
  });
});

function connect(src: string, dst: string, error = 'ECONNREFUSED'): TcpEvent {
  const endpoint = (addr: string, port: number) => ({ addr, port, kind: 'raw', name: '', namespace: '' });
  return {
    node: 'n-a',
    namespace: '',
    podName: '',
    containerName: '',
    owner: '',
    type: 'connect',
    error,
    src: endpoint(src, 40000),
    dst: endpoint(dst, 8080),
    timestamp: '2025-03-04T08:14:00.000000000Z',
  };
}

describe('clientWorkloads', () => {
  const index = buildAddressIndex({
    services: [],
    slices: [],
    nodes: [node('n-a', '10.224.0.4')],
    pods: [pod('web-1', '10.244.2.1'), pod('web-2', '10.244.2.2'), pod('cart-1', '10.244.2.3')],
  });

  // The fixture pods have no pod-template-hash label, so their workload is the ReplicaSet.
  it('names the workloads behind the failing client addresses, by source address', () => {
    const summary = aggregateTcp([
      connect('10.244.2.1', '10.244.9.9'),
      connect('10.244.2.2', '10.244.9.9'),
      connect('10.244.2.3', '10.244.9.9', ''),
    ]);
    expect(clientWorkloads(summary, index, 'clients of api')).toBe('web-5f6d');
  });

  it('names nodes and unknown addresses as such, and shortens long lists', () => {
    const summary = aggregateTcp([
      connect('10.224.0.4', '10.244.9.9'),
      connect('10.9.9.9', '10.244.9.9'),
      connect('10.244.2.1', '10.244.9.9'),
      connect('10.244.2.3', '10.244.9.9'),
    ]);
    expect(clientWorkloads(summary, index, 'clients of api')).toBe('10.9.9.9, cart-5f6d and 2 more');
  });

  it('falls back when no connect was seen', () => {
    const empty: TcpSummary = { connects: 0, failed: 0, failures: [], successes: [] };
    expect(clientWorkloads(empty, index, 'clients of api')).toBe('clients of api');
  });
});

describe('igCommand', () => {
  it('traces every pod on the node when given neither namespace nor pod', () => {
    expect(igCommand(images, 'trace_tcp', {}, 15, ['--connect-only'])).toEqual([
      'ig',
      'run',
      'ghcr.io/inspektor-gadget/gadget/trace_tcp:v0.55.0',
      '--connect-only',
      '--timeout',
      '15',
      '-o',
      'json',
    ]);
  });

  it('filters by namespace and pod when given', () => {
    expect(igCommand(images, 'trace_dns', { namespace: 'shop', pod: 'web-1' }, 15)).toContain(
      'k8s.namespace==shop,k8s.podName==web-1',
    );
  });
});
