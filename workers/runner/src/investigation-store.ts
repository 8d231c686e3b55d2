import { randomUUID } from 'node:crypto';
import type { Severity } from '@triage/core';
import type { Cluster, Redis } from 'ioredis';

/** Where an investigation stands, as its headline shows. */
export type InvestigationState = 'investigating' | 'findings' | 'failed' | 'resolved';

/** The unit a person sees: one chat thread about one subject of one cluster. */
export interface Investigation {
  id: string;
  cluster: string;
  subject: string;
  /** The first signal's name (alertname or command). */
  title: string;
  channel: string;
  state: InvestigationState;
  createdAt: string;
  updatedAt: string;
  /** How many signals joined, the first included. */
  signals: number;
}

/** A playbook run's outcome, kept to render the headline (counts by severity, top finding). */
export interface RunSummary {
  playbook: string;
  counts: Partial<Record<Severity, number>>;
  top?: { severity: Severity; title: string };
  failed: boolean;
}

/**
 * Investigations in Redis. Every write is idempotent or keyed, so that a job retried after a
 * worker died repeats nothing a person would see twice.
 */
export interface InvestigationStore {
  /** Opens the investigation of cluster+subject, or returns the open one. `created` tells which. */
  openOrJoin(
    input: Omit<Investigation, 'id' | 'state' | 'createdAt' | 'updatedAt' | 'signals'>,
    now: Date,
  ): Promise<{
    investigation: Investigation;
    created: boolean;
  }>;
  /** The open investigation of cluster+subject, if any. */
  findOpen(cluster: string, subject: string): Promise<string | undefined>;
  get(id: string): Promise<Investigation | undefined>;
  /** Records a firing signal; returns false when this signal key was already recorded (a repeat). */
  addFiring(investigation: Investigation, signalKey: string, now: Date): Promise<boolean>;
  /** Records a resolved signal; returns how many signals still fire. */
  resolveSignal(id: string, signalKey: string): Promise<number>;
  /** Closes the investigation: state resolved, and the next signal about the subject opens a new one. */
  close(id: string, now: Date): Promise<void>;
  /** Which investigation a signal key joined (so its resolved twin finds it). */
  investigationOfSignal(cluster: string, signalKey: string): Promise<string | undefined>;
  setState(id: string, state: InvestigationState, now: Date): Promise<void>;
  saveRun(id: string, runKey: string, summary: RunSummary): Promise<void>;
  runs(id: string): Promise<RunSummary[]>;
  /** The chat ts stored under `key` (headline, a reply), if that message was already sent. */
  message(id: string, key: string): Promise<string | undefined>;
  saveMessage(id: string, key: string, ts: string): Promise<void>;
  /** Marks a firing signal key as seen for `windowSeconds`; false when it was seen already (a repeat). */
  firstInWindow(cluster: string, signalKey: string, windowSeconds: number, owner: string): Promise<boolean>;
  listOpen(cluster: string): Promise<Investigation[]>;
}

const ID_TTL_SECONDS = 14 * 24 * 3600;

/** Creates the store on `redis`, under keys starting with `prefix` (default `triage`). */
export function createInvestigationStore(redis: Redis | Cluster, prefix = 'triage'): InvestigationStore {
  const k = {
    inv: (id: string) => `${prefix}:inv:${id}`,
    open: (cluster: string, subject: string) => `${prefix}:open:${cluster}:${subject}`,
    openSet: (cluster: string) => `${prefix}:open-set:${cluster}`,
    firing: (id: string) => `${prefix}:inv:${id}:firing`,
    runs: (id: string) => `${prefix}:inv:${id}:runs`,
    messages: (id: string) => `${prefix}:inv:${id}:messages`,
    signal: (cluster: string, key: string) => `${prefix}:signal:${cluster}:${key}`,
    dedupe: (cluster: string, key: string) => `${prefix}:dedupe:${cluster}:${key}`,
  };

  async function get(id: string): Promise<Investigation | undefined> {
    const h = await redis.hgetall(k.inv(id));
    if (!h.id) return undefined;
    return {
      id: h.id,
      cluster: h.cluster ?? '',
      subject: h.subject ?? '',
      title: h.title ?? '',
      channel: h.channel ?? '',
      state: (h.state ?? 'investigating') as InvestigationState,
      createdAt: h.createdAt ?? '',
      updatedAt: h.updatedAt ?? '',
      signals: Number(h.signals ?? 0),
    };
  }

  return {
    get,
    async findOpen(cluster, subject) {
      return (await redis.get(k.open(cluster, subject))) ?? undefined;
    },
    async openOrJoin(input, now) {
      const candidate = randomUUID();
      const claimed = await redis.set(k.open(input.cluster, input.subject), candidate, 'NX');
      if (claimed) {
        const at = now.toISOString();
        const investigation: Investigation = {
          ...input,
          id: candidate,
          state: 'investigating',
          createdAt: at,
          updatedAt: at,
          signals: 0,
        };
        await redis
          .multi()
          .hset(k.inv(candidate), { ...investigation, signals: '0' })
          .expire(k.inv(candidate), ID_TTL_SECONDS)
          .sadd(k.openSet(input.cluster), candidate)
          .exec();
        return { investigation, created: true };
      }
      const id = await redis.get(k.open(input.cluster, input.subject));
      const existing = id ? await get(id) : undefined;
      // The open key was claimed but its record is not written yet (or it closed meanwhile): retry once.
      if (!existing) return this.openOrJoin(input, now);
      return { investigation: existing, created: false };
    },
    async addFiring({ id, cluster }, signalKey, now) {
      const [[, added] = []] =
        (await redis
          .multi()
          .sadd(k.firing(id), signalKey)
          .set(k.signal(cluster, signalKey), id, 'EX', ID_TTL_SECONDS)
          .hset(k.inv(id), 'updatedAt', now.toISOString())
          .exec()) ?? [];
      if (added === 1) await redis.hincrby(k.inv(id), 'signals', 1);
      return added === 1;
    },
    async resolveSignal(id, signalKey) {
      await redis.srem(k.firing(id), signalKey);
      return redis.scard(k.firing(id));
    },
    async close(id, now) {
      const inv = await get(id);
      if (!inv) return;
      const openKey = k.open(inv.cluster, inv.subject);
      if ((await redis.get(openKey)) === id) await redis.del(openKey);
      await redis
        .multi()
        .hset(k.inv(id), { state: 'resolved', updatedAt: now.toISOString() })
        .srem(k.openSet(inv.cluster), id)
        .exec();
    },
    async investigationOfSignal(cluster, signalKey) {
      return (await redis.get(k.signal(cluster, signalKey))) ?? undefined;
    },
    async setState(id, state, now) {
      await redis.hset(k.inv(id), { state, updatedAt: now.toISOString() });
    },
    async saveRun(id, runKey, summary) {
      await redis
        .multi()
        .hset(k.runs(id), runKey, JSON.stringify(summary))
        .expire(k.runs(id), ID_TTL_SECONDS)
        .exec();
    },
    async runs(id) {
      return Object.values(await redis.hgetall(k.runs(id))).map((v) => JSON.parse(v) as RunSummary);
    },
    async message(id, key) {
      return (await redis.hget(k.messages(id), key)) ?? undefined;
    },
    async saveMessage(id, key, ts) {
      await redis.multi().hset(k.messages(id), key, ts).expire(k.messages(id), ID_TTL_SECONDS).exec();
    },
    async firstInWindow(cluster, signalKey, windowSeconds, owner) {
      if (windowSeconds === 0) return true;
      const key = k.dedupe(cluster, signalKey);
      if (await redis.set(key, owner, 'EX', windowSeconds, 'NX')) return true;
      // The same intake job, retried after a crash, is not a repeat of itself.
      return (await redis.get(key)) === owner;
    },
    async listOpen(cluster) {
      const ids = await redis.smembers(k.openSet(cluster));
      const all = await Promise.all(ids.map(get));
      return all.filter((i): i is Investigation => i !== undefined);
    },
  };
}
