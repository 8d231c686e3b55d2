// Azure Monitor action group that sends alerts to Triage in the common alert schema.
// Deploy:  az deployment group create -g <rg> -f infra/azure-monitor/action-group.bicep \
//            -p gatewayUrl=https://triage.example.com triageToken=<the gateway's azureMonitor token>
// Then add the action group to your alert rules (metric, log search and activity log alerts).

@description('Base URL where Azure Monitor reaches the Triage gateway (an ingress in front of Service triage-gateway), without a trailing slash.')
param gatewayUrl string

@secure()
@description('The token the gateway expects (gateway.auth.azureMonitor.token, TRIAGE_AZURE_MONITOR_TOKEN).')
param triageToken string

@description('Action group name.')
param name string = 'triage'

@maxLength(12)
@description('Short name shown in SMS and email notifications (at most 12 characters).')
param shortName string = 'triage'

resource triageActionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: name
  location: 'global'
  properties: {
    groupShortName: shortName
    enabled: true
    webhookReceivers: [
      {
        name: 'triage-gateway'
        // The gateway takes the token as ?token= (or Authorization: Bearer / X-Triage-Token).
        serviceUri: '${gatewayUrl}/v1/alerts/azure-monitor?token=${uriComponent(triageToken)}'
        // Triage reads only the common alert schema (essentials + alertContext).
        useCommonAlertSchema: true
        useAadAuth: false
      }
    ]
  }
}

output actionGroupId string = triageActionGroup.id
