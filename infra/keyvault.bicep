// Key Vault (RBAC) holding the alert webhook URL; the app reads it through a Key Vault reference
// with its identity (Key Vault Secrets User on the vault, nothing more).
param name string
param location string
param tags object
param identityPrincipalId string

@secure()
param alertWebhookUrl string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource webhook 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'alert-webhook-url'
  properties: {
    value: empty(alertWebhookUrl) ? 'https://example.invalid/set-me' : alertWebhookUrl
    contentType: 'text/uri'
  }
}

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityPrincipalId, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6') // Key Vault Secrets User
  }
}

output name string = vault.name
output webhookSecretUri string = webhook.properties.secretUri
