// The one storage account: identity-only (shared keys off), TLS 1.2, no public blob access; the
// containers, tables and queue regfin uses (src/Core/Storage/Names.cs).
param name string
param location string
param tags object
param deploymentContainer string

var containers = [ 'inbox', 'archive', 'rejected', 'reports', 'details', 'locks', 'deadletter', deploymentContainer ]
var tables = [
  'imports', 'ledgerfacts', 'budgetfacts', 'kpis', 'committeeresults', 'allocation', 'returns', 'debt', 'maturityprofile'
  'liquidity', 'limitchecks', 'balancereq', 'balancereqorigins', 'dimkpi', 'dimcommittee', 'dimrule', 'alerts'
  'alertdeliveries', 'runs', 'stage', 'dirtyperiods', 'receipts', 'jobruns'
]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    accessTier: 'Hot'
    publicNetworkAccess: 'Enabled'
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 30 }
    containerDeleteRetentionPolicy: { enabled: true, days: 30 }
  }
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for c in containers: {
  parent: blobs
  name: c
  properties: { publicAccess: 'None' }
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tableItems 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for t in tables: {
  parent: tableService
  name: t
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource alertQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: 'limit-alerts'
}

output id string = account.id
output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output tableEndpoint string = account.properties.primaryEndpoints.table
output queueEndpoint string = account.properties.primaryEndpoints.queue
