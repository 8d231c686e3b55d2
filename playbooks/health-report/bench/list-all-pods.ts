/**
 * The naive alternative the report avoids: every pod of the cluster in one paginated list, held at
 * once. The bench runs it under the same heap limit as `triage run health-report` to show the
 * difference. Prints the pod count. Uses KUBECONFIG.
 */
import { createKubeReader, loadKubeConfig } from '@triage/kube';

const pods = await createKubeReader(loadKubeConfig({})).list('pods');
process.stdout.write(`${pods.length} pods\n`);
