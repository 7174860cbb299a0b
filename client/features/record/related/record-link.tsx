/** A link to another record's page, by its title (from the local catalog, else the title given). */
import { href } from '../../../router'
import { recordType } from '../../../../shared/records'

export function RecordLink(props: { workspaceId: string; type: string; id: string; title: string; navigate: (hash: string) => void }) {
  const to = () => href.record(props.workspaceId, recordType(props.type)?.path ?? props.type, props.id)
  return (
    <a href={to()} onClick={(e) => { e.preventDefault(); props.navigate(to()) }}>{props.title || 'Untitled'}</a>
  )
}
