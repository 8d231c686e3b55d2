import type { Evidence, KubeObject } from '@triage/core';
import type { EvictionVerdict } from './eviction-check.js';
import { type Budget, objectKey } from './kube-views.js';
import { selectorString } from './label-selector.js';
import { type Owner, ownerLabel } from './owner-chain.js';

/** The budget's spec and status fields, as `kubectl get pdb -o yaml` shows them. */
export function budgetEvidence(budget: Budget): Evidence[] {
  const source = `PodDisruptionBudget/${budget.namespace}/${budget.name}`;
  const { status } = budget;
  const requirement =
    budget.minAvailable !== undefined
      ? `minAvailable ${budget.minAvailable}`
      : `maxUnavailable ${budget.maxUnavailable}`;
  const evidence: Evidence[] = [
    {
      source: `${source} .spec`,
      text: `${requirement}, selector ${budget.selector ? selectorString(budget.selector) || '{} (every pod)' : 'none'}, unhealthyPodEvictionPolicy ${budget.unhealthyPodEvictionPolicy}`,
    },
    {
      source: `${source} .status`,
      text: `expectedPods ${status.expectedPods}, currentHealthy ${status.currentHealthy}, desiredHealthy ${status.desiredHealthy}, disruptionsAllowed ${status.disruptionsAllowed}`,
    },
  ];
  for (const c of status.conditions) {
    evidence.push({
      source: `${source} .status.conditions[${c.type}]`,
      text: `${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`,
    });
  }
  return evidence;
}

/** The API's answer to the dry-run eviction, or the prediction and what it rests on. */
export function evictionEvidence(pod: KubeObject, verdict: EvictionVerdict): Evidence {
  const answer = [verdict.message, ...(verdict.causes ?? [])].join(' ');
  return verdict.source === 'api'
    ? {
        source: `POST pods/${pod.metadata.name}/eviction?dryRun=All (namespace ${pod.metadata.namespace})`,
        text: `${verdict.status}: ${answer}`,
      }
    : {
        source: `predicted for pod ${objectKey(pod)} from the budget status (no dry-run)`,
        text: `${verdict.allowed ? 'would be allowed' : `would be refused (${verdict.status})`}: ${answer}`,
      };
}

export function ownerEvidence(owner: Owner): Evidence {
  const counts =
    owner.replicas === undefined
      ? 'replica counts not read'
      : `spec.replicas ${owner.replicas}, readyReplicas ${owner.readyReplicas}, availableReplicas ${owner.availableReplicas}`;
  return {
    source: `${owner.kind}/${owner.namespace}/${owner.name}`,
    text: `${counts}${owner.via ? ` (pods via ReplicaSet ${owner.via})` : ''}`,
  };
}

export function ownerSummary(owner: Owner): string {
  if (owner.replicas === undefined) return ownerLabel(owner);
  return `${ownerLabel(owner)}: ${owner.replicas} replica${owner.replicas === 1 ? '' : 's'} (${owner.readyReplicas} ready, ${owner.availableReplicas} available)`;
}

/** Events whose message names one of the pods (upgrader / autoscaler drain retries), most recent first. */
export function eventEvidence(
  events: readonly KubeObject[],
  pods: readonly KubeObject[],
  max = 3,
): Evidence[] {
  const keys = pods.map(objectKey);
  const names = pods.map((p) => p.metadata.name);
  return events
    .filter((e) => {
      const message = typeof e.message === 'string' ? e.message : '';
      return keys.some((k) => message.includes(k)) || names.some((n) => message.includes(n));
    })
    .sort((a, b) => String(lastSeen(b)).localeCompare(String(lastSeen(a))))
    .slice(0, max)
    .map((e) => {
      const at = lastSeen(e);
      return {
        source: `Event ${e.type ?? ''}/${e.reason ?? ''}${typeof e.count === 'number' && e.count > 1 ? ` ×${e.count}` : ''} (${(e.source as { component?: string } | undefined)?.component ?? e.reportingComponent ?? 'unknown'})`,
        text: String(e.message),
        ...(at && { at }),
      };
    });
}

function lastSeen(e: KubeObject): string | undefined {
  const at = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
  return typeof at === 'string' ? at : undefined;
}
