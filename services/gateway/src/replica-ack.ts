import { type Cluster, Command, type Redis } from 'ioredis';

/** How many replicas must hold a write before it counts as stored. */
export interface ReplicaAckOptions {
  /** `auto`: one when the primary has replicas connected, none otherwise; a number: always that many (0: none). */
  replicas: 'auto' | number;
  /** Longest wait for the acknowledgements (Redis `WAIT` timeout). */
  timeoutMs: number;
}

/** Waits until replicas hold what this connection wrote to the node of `key`; rejects when too few do. */
export type ReplicaAck = () => Promise<void>;

// How long a primary's replica count (INFO replication) is trusted in `auto` mode.
const REPLICA_COUNT_TTL_MS = 2000;

/**
 * The connection that wrote `key`: the client itself, or on a Cluster the master of the key's slot.
 * `WAIT` covers the writes of the connection it is sent on, so it must go where the write went.
 */
function nodeOf(connection: Redis | Cluster, key: string): Redis {
  if (!('isCluster' in connection) || !connection.isCluster) return connection as Redis;
  const cluster = connection as Cluster;
  const slot = new Command('exists', [key]).getSlot();
  const owner = cluster.slots[slot]?.[0];
  const node = cluster.nodes('master').find((n) => `${n.options.host}:${n.options.port}` === owner);
  if (!node) throw new Error(`no connected master serves slot ${slot} of ${key}`);
  return node;
}

/** Connected replicas of the primary behind `node`, from INFO replication. */
async function connectedReplicas(node: Redis): Promise<number> {
  const info = await node.info('replication');
  const match = /^connected_slaves:(\d+)/m.exec(info);
  return match ? Number(match[1]) : 0;
}

/**
 * Creates the replica acknowledgement of the intake: after a job is added, `WAIT n timeout` on the
 * node that stored it, so a 202 means the job survives a failover to a replica (Sentinel, Cluster).
 *
 * @example const ack = createReplicaAck(connection, '{triage}:triage-intake', { replicas: 'auto', timeoutMs: 1000 });
 */
export function createReplicaAck(
  connection: Redis | Cluster,
  key: string,
  options: ReplicaAckOptions,
): ReplicaAck {
  let known: { replicas: number; at: number; node: Redis } | undefined;
  // After a reconnect the primary may be another server (a Sentinel failover): count its replicas anew.
  connection.on('ready', () => {
    known = undefined;
  });

  async function required(node: Redis): Promise<number> {
    if (options.replicas !== 'auto') return options.replicas;
    // Replicas come and go, and a Cluster failover changes the node object: count again when stale.
    if (!known || known.node !== node || Date.now() - known.at > REPLICA_COUNT_TTL_MS)
      known = { replicas: await connectedReplicas(node), at: Date.now(), node };
    return Math.min(known.replicas, 1);
  }

  return async () => {
    const node = nodeOf(connection, key);
    const needed = await required(node);
    if (needed === 0) return;
    const acked = Number(await node.call('WAIT', needed, options.timeoutMs));
    if (acked < needed) {
      known = undefined;
      throw new Error(`only ${acked} of ${needed} replica(s) acknowledged within ${options.timeoutMs} ms`);
    }
  };
}
