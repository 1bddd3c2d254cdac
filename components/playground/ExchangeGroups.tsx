import type { ActionGroup } from './run-machine'
import { ExchangeList } from './ExchangeList'
import { callSummary } from './call-names'
import flow from './flow.module.css'

/** Every HTTP exchange of the run, grouped by the reader's action that caused it, newest action first. */
export function ExchangeGroups({ groups, panelId }: { groups: ActionGroup[]; panelId: string }) {
  if (groups.every((g) => g.exchanges.length === 0)) return null
  return (
    <section className={flow.groups} aria-labelledby={`${panelId}-http`}>
      <h4 id={`${panelId}-http`} className={flow.heading}>
        HTTP exchanges, newest action first
      </h4>
      <ol reversed className={flow.groupList}>
        {[...groups].reverse().map((group) => (
          <li key={group.number} data-group={group.number} data-action={group.action} className={flow.group}>
            <span className={flow.groupTitle}>
              {group.number}. {group.label}
            </span>{' '}
            <span className={flow.muted}>
              ({group.exchanges.length === 0 ? 'no requests' : `${group.exchanges.length} ${group.exchanges.length === 1 ? 'request' : 'requests'}`}:{' '}
              {callSummary(group.exchanges) || 'none yet'})
            </span>
            <ExchangeList exchanges={group.exchanges} />
          </li>
        ))}
      </ol>
    </section>
  )
}
