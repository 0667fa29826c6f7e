// regfin in Azure: a Flex Consumption function app (.NET isolated) on one storage account, reached
// only with its user-assigned managed identity. `azd up` deploys this (azure.yaml); the build
// compiles it (src/Functions: target BuildBicep), so a broken template fails CI.
targetScope = 'resourceGroup'

@description('Environment name (azd): part of every resource name.')
@minLength(2)
@maxLength(12)
param environmentName string

@description('Azure region.')
param location string = resourceGroup().location

@description('E-mail that receives the Azure Monitor alert on function failures.')
param alertEmail string = ''

@description('The alert webhook URL (a Teams workflow URL); stored in Key Vault, never in app settings. Leave empty to set it later.')
@secure()
param alertWebhookUrl string = ''

@description('Schedules (NCRONTAB with seconds, UTC).')
param schedules object = {
  ComputeSchedule: '0 */15 * * * *'
  RecomputeSchedule: '0 0 2 * * *'
  LiquidityCheckSchedule: '0 30 6 * * 1-5'
  AlertDispatchSchedule: '0 */5 * * * *'
  PoisonSweepSchedule: '0 0 * * * *'
}

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = { 'azd-env-name': environmentName, application: 'regfin' }
var storageName = take('st${replace(environmentName, '-', '')}${token}', 24)
var appName = 'func-${environmentName}-${token}'
var deploymentContainer = 'app-package'

module storage 'storage.bicep' = {
  name: 'storage'
  params: {
    name: storageName
    location: location
    tags: tags
    deploymentContainer: deploymentContainer
  }
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${environmentName}-${token}'
  location: location
  tags: tags
}

module monitoring 'monitoring.bicep' = {
  name: 'monitoring'
  params: {
    environmentName: environmentName
    token: token
    location: location
    tags: tags
    identityPrincipalId: identity.properties.principalId
  }
}

module vault 'keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: take('kv-${environmentName}-${token}', 24)
    location: location
    tags: tags
    identityPrincipalId: identity.properties.principalId
    alertWebhookUrl: alertWebhookUrl
  }
}

module roles 'roles.bicep' = {
  name: 'roles'
  params: {
    storageName: storage.outputs.name
    principalId: identity.properties.principalId
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${environmentName}-${token}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.outputs.blobEndpoint}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: 40
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat([
        // The host's own storage, identity-based (no connection string, no key).
        { name: 'AzureWebJobsStorage__accountName', value: storage.outputs.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        // The trigger connection "Storage" and the pipeline's clients (Storage__*).
        { name: 'Storage__blobServiceUri', value: storage.outputs.blobEndpoint }
        { name: 'Storage__tableServiceUri', value: storage.outputs.tableEndpoint }
        { name: 'Storage__queueServiceUri', value: storage.outputs.queueEndpoint }
        { name: 'Storage__credential', value: 'managedidentity' }
        { name: 'Storage__clientId', value: identity.properties.clientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: monitoring.outputs.connectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.properties.clientId};Authorization=AAD' }
        { name: 'AlertWebhookUrl', value: '@Microsoft.KeyVault(SecretUri=${vault.outputs.webhookSecretUri})' }
        { name: 'PoisonThreshold', value: '5' }
      ], map(items(schedules), s => { name: s.key, value: s.value }))
    }
  }
  dependsOn: [
    roles
  ]
}

module alerting 'alerting.bicep' = {
  name: 'alerting'
  params: {
    environmentName: environmentName
    token: token
    tags: tags
    appInsightsId: monitoring.outputs.appInsightsId
    alertEmail: alertEmail
  }
}

// The Event Grid system topic of the storage account. Its subscription to the inbox blob trigger's
// webhook needs the blobs_extension system key, which exists once the code is deployed: azd's
// postdeploy hook deploys eventgrid-subscription.bicep (azure.yaml).
resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: 'evgt-${environmentName}-${token}'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    source: storage.outputs.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output AZURE_FUNCTION_APP_NAME string = app.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_EVENTGRID_TOPIC_NAME string = topic.name
output AZURE_IDENTITY_ID string = identity.id
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
