/**
 * The demo workspace that every fresh server has, and the record it starts with, so the app has
 * something to open on first start.
 */
export const DEMO_WORKSPACE_ID = 'demo'
export const DEMO_WORKSPACE_NAME = 'Demo workspace'

/** A fixed UUIDv7 for the demo account, the same on every server. */
export const DEMO_ACCOUNT_ID = '01890000-0000-7000-8000-000000000001'

export const DEMO_ACCOUNT_FIELDS = {
  name: 'Contoso Ltd',
  accountNumber: 'ACC-0001',
  type: 'customer',
  industry: 'Manufacturing',
  website: 'https://contoso.example',
  phone: '+1 425 555 0100',
}

export const DEMO_ACCOUNT_DESCRIPTION =
  'Contoso makes precision parts for industrial customers. Key contact: Yvonne McKay (purchasing).'
