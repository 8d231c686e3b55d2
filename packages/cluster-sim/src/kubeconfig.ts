/**
 * A kubeconfig for a plain-HTTP server without authentication, as kubectl and @kubernetes/client-node accept it.
 * @example kubeconfigYaml('http://127.0.0.1:6443')
 */
export function kubeconfigYaml(serverUrl: string, name = 'triage-sim', namespace = 'default'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${serverUrl}`,
    // @kubernetes/client-node refuses plain http unless TLS verification is declared off.
    '    insecure-skip-tls-verify: true',
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}`,
    `    namespace: ${namespace}`,
    `current-context: ${name}`,
    'preferences: {}',
    'users:',
    `- name: ${name}`,
    '  user: {}',
    '',
  ].join('\n');
}
