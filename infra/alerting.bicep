// An Azure Monitor alert when functions fail (failed invocations in Application Insights).
param environmentName string
param token string
param tags object
param appInsightsId string
param alertEmail string

resource group 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${environmentName}-${token}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: take('regfin${environmentName}', 12)
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [
      { name: 'operations', emailAddress: alertEmail, useCommonAlertSchema: true }
    ]
  }
}

resource failures 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-function-failures-${environmentName}'
  location: 'global'
  tags: tags
  properties: {
    description: 'regfin: a function invocation failed (ingestion, compute, alerts or a timer). See docs/operations.md.'
    severity: 2
    enabled: true
    scopes: [ appInsightsId ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'failedRequests'
          criterionType: 'StaticThresholdCriterion'
          metricNamespace: 'microsoft.insights/components'
          metricName: 'requests/failed'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Count'
        }
      ]
    }
    actions: [
      { actionGroupId: group.id }
    ]
  }
}
