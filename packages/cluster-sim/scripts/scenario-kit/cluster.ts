/**
 * The identity of the simulated AKS cluster shared by every scenario: names, ids and versions as AKS
 * prints them. Scenarios vary the node pools, not these facts.
 */
export const CLUSTER = {
  name: 'aks-shop-prod',
  resourceGroup: 'rg-shop-prod',
  nodeResourceGroup: 'MC_rg-shop-prod_aks-shop-prod_westeurope',
  subscription: '3f2c9a41-7d1e-4b8a-9c55-0e6d2b71a8f4',
  region: 'westeurope',
  kubernetesVersion: 'v1.30.9',
  kubeletIdentityClientId: '5b0e8c3d-21a4-4f6e-b7d9-8a1c2e4f6b3d',
  /** The day the incidents happen; the loader shifts every timestamp so the newest one becomes "now". */
  day: '2025-03-04',
  /** When the current node image was rolled out (node and DaemonSet pod creation times). */
  nodesCreated: '2025-02-27T06:41:12Z',
  clusterCreated: '2024-11-18T09:02:44Z',
} as const;

/** `08:12:30` → `2025-03-04T08:12:30Z`; a full RFC 3339 string is returned unchanged. */
export function at(time: string): string {
  return time.includes('T') ? time : `${CLUSTER.day}T${time}Z`;
}

/** Adds seconds to an RFC 3339 timestamp (whole seconds, `Z` form as the API server prints it). */
export function plus(time: string, seconds: number): string {
  return new Date(Date.parse(at(time)) + seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** The same instant with micro-second precision, as `eventTime` and `metav1.MicroTime` fields print it. */
export function micro(time: string, micros = 0): string {
  return `${at(time).replace('Z', '')}.${String(micros).padStart(6, '0')}Z`;
}
