import type { ActionGroup } from './run-machine'
import { ExchangeList } from './ExchangeList'
import flow from './flow.module.css'

/** What each step's calls are, in words a reader scanning the groups knows. */
const CALLS: Record<string, string> = {
  start: 'Arcade authorize',
  waiting: 'Arcade status',
  completed: 'Arcade token',
  sites: 'accessible-resources',
  projects: 'project search',
  profile: 'profile'
}

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
              {[...new Set(group.exchanges.map((e) => CALLS[e.step] ?? e.step))].join(', ') || 'none yet'})
            </span>
            <ExchangeList exchanges={group.exchanges} />
          </li>
        ))}
      </ol>
    </section>
  )
}
