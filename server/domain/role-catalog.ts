/**
 * The relationship roles every workspace starts with (issue 4): business, family, social, sales
 * team and service roles, each saying which record types can take it and its reciprocal — itself
 * for a symmetric role (colleague ↔ colleague), its partner for a matching pair (supplier ↔
 * customer), none for a one-sided role (influencer). Users add their own beside these.
 */
import type { ROLE_CATEGORIES, RELATABLE_TYPES } from '../../shared/records/relationship-role'

export interface CatalogRole {
  /** A stable key: the role's id in a workspace is derived from it (seed-ids.ts). */
  key: string
  name: string
  category: (typeof ROLE_CATEGORIES)[number]
  appliesTo: Array<(typeof RELATABLE_TYPES)[number]>
  /** The reciprocal role's key: the same key for a symmetric role, absent for a one-sided one. */
  reciprocal?: string
  description: string
}

const BOTH = ['account', 'contact'] as Array<'account' | 'contact'>
const PEOPLE = ['contact'] as Array<'account' | 'contact'>
const COMPANIES = ['account'] as Array<'account' | 'contact'>

export const ROLE_CATALOG: readonly CatalogRole[] = [
  { key: 'colleague', name: 'Colleague', category: 'business', appliesTo: PEOPLE, reciprocal: 'colleague', description: 'Works alongside the other person.' },
  { key: 'manager', name: 'Manager', category: 'business', appliesTo: PEOPLE, reciprocal: 'employee', description: 'Manages the other person.' },
  { key: 'employee', name: 'Employee', category: 'business', appliesTo: PEOPLE, reciprocal: 'manager', description: 'Reports to the other person.' },
  { key: 'supplier', name: 'Supplier', category: 'business', appliesTo: BOTH, reciprocal: 'customer', description: 'Supplies goods or services to the other side.' },
  { key: 'customer', name: 'Customer', category: 'business', appliesTo: BOTH, reciprocal: 'supplier', description: 'Buys goods or services from the other side.' },
  { key: 'partner', name: 'Partner', category: 'business', appliesTo: BOTH, reciprocal: 'partner', description: 'Works with the other side as a business partner.' },
  { key: 'parent-company', name: 'Parent company', category: 'business', appliesTo: COMPANIES, reciprocal: 'subsidiary', description: 'Owns or controls the other company.' },
  { key: 'subsidiary', name: 'Subsidiary', category: 'business', appliesTo: COMPANIES, reciprocal: 'parent-company', description: 'Is owned or controlled by the other company.' },
  { key: 'competitor', name: 'Competitor', category: 'business', appliesTo: COMPANIES, reciprocal: 'competitor', description: 'Competes with the other company for the same customers.' },
  { key: 'consultant', name: 'Consultant', category: 'business', appliesTo: BOTH, reciprocal: 'client', description: 'Advises the other side for a fee.' },
  { key: 'client', name: 'Client', category: 'business', appliesTo: BOTH, reciprocal: 'consultant', description: 'Is advised by the other side.' },
  { key: 'former-employee', name: 'Former employee', category: 'business', appliesTo: PEOPLE, reciprocal: 'former-employer', description: 'Used to work for the other side.' },
  { key: 'former-employer', name: 'Former employer', category: 'business', appliesTo: BOTH, reciprocal: 'former-employee', description: 'The other person used to work here.' },
  { key: 'spouse', name: 'Spouse / partner', category: 'family', appliesTo: PEOPLE, reciprocal: 'spouse', description: 'Married to or living with the other person.' },
  { key: 'parent', name: 'Parent', category: 'family', appliesTo: PEOPLE, reciprocal: 'child', description: 'Parent of the other person.' },
  { key: 'child', name: 'Child', category: 'family', appliesTo: PEOPLE, reciprocal: 'parent', description: 'Child of the other person.' },
  { key: 'sibling', name: 'Sibling', category: 'family', appliesTo: PEOPLE, reciprocal: 'sibling', description: 'Brother or sister of the other person.' },
  { key: 'friend', name: 'Friend', category: 'social', appliesTo: PEOPLE, reciprocal: 'friend', description: 'A personal friend.' },
  { key: 'referral-source', name: 'Referral source', category: 'social', appliesTo: BOTH, reciprocal: 'referred', description: 'Referred the other side to us.' },
  { key: 'referred', name: 'Referred by', category: 'social', appliesTo: BOTH, reciprocal: 'referral-source', description: 'Came to us on the other side\'s referral.' },
  { key: 'influencer', name: 'Influencer', category: 'social', appliesTo: BOTH, description: 'Sways the other side\'s decisions without deciding.' },
  { key: 'account-manager', name: 'Account manager', category: 'sales-team', appliesTo: PEOPLE, reciprocal: 'managed-account', description: 'Looks after the other side\'s business.' },
  { key: 'managed-account', name: 'Managed account', category: 'sales-team', appliesTo: BOTH, reciprocal: 'account-manager', description: 'Looked after by the other person.' },
  { key: 'decision-maker', name: 'Decision maker', category: 'sales-team', appliesTo: PEOPLE, description: 'Makes the buying decision for the other side.' },
  { key: 'champion', name: 'Champion', category: 'sales-team', appliesTo: PEOPLE, description: 'Argues for us inside the other side.' },
  { key: 'technical-contact', name: 'Technical contact', category: 'service', appliesTo: PEOPLE, description: 'The person to call about technical questions.' },
  { key: 'service-provider', name: 'Service provider', category: 'service', appliesTo: BOTH, reciprocal: 'service-recipient', description: 'Provides support or maintenance to the other side.' },
  { key: 'service-recipient', name: 'Service recipient', category: 'service', appliesTo: BOTH, reciprocal: 'service-provider', description: 'Receives support or maintenance from the other side.' },
]
