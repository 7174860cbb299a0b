/**
 * The related lists a record page shows under its fields, by record type: an account's contacts,
 * relationships, cases and activities; a contact's relationships, cases and activities; a case's
 * activities; and room for the sales, service and marketing lists that come later.
 */
import { Match, Switch } from 'solid-js'
import { AccountContacts } from './account-contacts'
import { ActivityTimeline } from './activity-timeline'
import { RelatedCases } from './related-cases'
import { RelatedSection } from './related-section'
import { Relationships } from './relationships'
import type { RelatedProps } from './related-props'

export function RelatedLists(props: RelatedProps) {
  return (
    <div class="related-lists">
      <Switch>
        <Match when={props.type === 'account'}>
          <AccountContacts {...props} />
          <Relationships {...props} />
          <RelatedCases {...props} />
          <ActivityTimeline {...props} />
          <RelatedSection title="Sales, service and marketing"><p class="hint">Opportunities, contracts and marketing lists come with later releases.</p></RelatedSection>
        </Match>
        <Match when={props.type === 'contact'}>
          <Relationships {...props} />
          <RelatedCases {...props} />
          <ActivityTimeline {...props} />
        </Match>
        <Match when={props.type === 'case' || props.type === 'relationship'}>
          <ActivityTimeline {...props} />
        </Match>
      </Switch>
    </div>
  )
}
