import { createRequire } from 'node:module';

// The Kusto language service (Kusto.Language compiled to JavaScript with Bridge.NET) defines the
// globals `Bridge`, `System` and `Kusto` when loaded; it has no ES module entry point.
const require = createRequire(import.meta.url);
require('@kusto/language-service-next/bridge.js');
require('@kusto/language-service-next/Kusto.Language.Bridge.js');

// biome-ignore lint/suspicious/noExplicitAny: Bridge.NET globals have no usable types here
const g = globalThis as any;
const K = g.Kusto.Language;

/**
 * Column schemas of the Log Analytics tables the templates read, from the Azure Monitor table
 * reference (protocols.md §5.3), as `(name:type, ...)`.
 */
export const tableSchemas: Record<string, string> = {
  ContainerLogV2:
    '(TimeGenerated:datetime, Computer:string, ContainerId:string, ContainerName:string, PodName:string, PodNamespace:string, LogMessage:dynamic, LogSource:string, LogLevel:string, KubernetesMetadata:dynamic, SourceSystem:string, TenantId:string, _ResourceId:string, _SubscriptionId:string, _BilledSize:real, _IsBillable:string, Type:string)',
  ContainerLog:
    '(TimeGenerated:datetime, Computer:string, ContainerID:string, Image:string, ImageTag:string, LogEntry:string, LogEntrySource:string, Name:string, Repository:string, TimeOfCommand:datetime, SourceSystem:string, _ResourceId:string, Type:string)',
  KubePodInventory:
    '(TimeGenerated:datetime, Name:string, Namespace:string, PodStatus:string, PodIp:string, PodLabel:string, PodRestartCount:int, PodCreationTimeStamp:datetime, PodStartTime:datetime, Computer:string, ContainerName:string, ContainerID:string, ContainerStatus:string, ContainerStatusReason:string, ContainerLastStatus:string, ContainerRestartCount:int, ControllerKind:string, ControllerName:string, ClusterId:string, ClusterName:string)',
  KubeEvents:
    '(TimeGenerated:datetime, ObjectKind:string, Name:string, Namespace:string, Reason:string, Message:string, KubeEventType:string, Count:real, FirstSeen:datetime, LastSeen:datetime, SourceComponent:string, Computer:string, ClusterId:string, ClusterName:string)',
  KubeNodeInventory:
    '(TimeGenerated:datetime, Computer:string, Status:string, LastTransitionTimeReady:datetime, Labels:string, KubeletVersion:string, KubeProxyVersion:string, DockerVersion:string, OperatingSystem:string, KubernetesProviderID:string, CreationTimeStamp:datetime, ClusterId:string, ClusterName:string)',
};

function workspaceGlobals() {
  const tables = new (g.System.Collections.Generic.List$1(K.Symbols.Symbol).ctor)();
  for (const [name, schema] of Object.entries(tableSchemas))
    tables.add(new K.Symbols.TableSymbol.$ctor7(name, schema, null));
  return K.GlobalState.Default.WithDatabase(new K.Symbols.DatabaseSymbol.$ctor1('workspace', tables, false));
}

const globals = workspaceGlobals();

/** Error diagnostics of parsing and semantic analysis against the workspace tables: `KS142 The name 'x' …`. */
export function kqlErrors(query: string): string[] {
  const code = K.KustoCode.ParseAndAnalyze(query, globals);
  return (g.Bridge.toArray(code.GetDiagnostics()) as { Severity: string; Code: string; Message: string }[])
    .filter((d) => d.Severity === 'Error')
    .map((d) => `${d.Code} ${d.Message}`);
}
