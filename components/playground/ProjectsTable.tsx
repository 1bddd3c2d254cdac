import type { JiraResponse } from '../../contract/playground-api'
import { isolate } from './reader-text'
import styles from './playground.module.css'

const TYPE_NAMES: Record<string, string> = { software: 'Software', service_desk: 'Service management', business: 'Business' }

function PageButton({ label, unavailable, onPress }: { label: string; unavailable: boolean; onPress(): void }) {
  return (
    <button type="button" className={styles.smallButton} aria-disabled={unavailable} onClick={() => !unavailable && onPress()}>
      {label}
    </button>
  )
}

/** One page of Jira projects, with the paging Jira's project/search answered. */
export function ProjectsTable({
  jira,
  pageSize = 10,
  loading = false,
  onPage
}: {
  /** A Jira step's answer, or the tool's result (the same projects page, site and query). */
  jira: Pick<JiraResponse, 'projects' | 'query'> & { site: { name: string } }
  pageSize?: number
  loading?: boolean
  /** Without it (the tool panel), no paging buttons: the tool returns one page. */
  onPage?(startAt: number): void
}) {
  const { projects, query } = jira
  const first = projects.values.length === 0 ? 0 : projects.startAt + 1
  const last = projects.startAt + projects.values.length
  return (
    <div>
      <p>
        {projects.total ?? '?'} projects on <bdi>{jira.site.name}</bdi>
        {query ? (
          <>
            {' '}
            matching <code title={isolate(query)}>
              <bdi>{query}</bdi>
            </code>
          </>
        ) : null}
        {projects.values.length > 0 ? `, showing ${first}–${last}` : ''}
      </p>
      {projects.values.length > 0 && (
        <table className={styles.table}>
          <caption className={styles.srOnly}>Jira projects</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
            </tr>
          </thead>
          <tbody>
            {projects.values.map((p) => (
              <tr key={p.id}>
                <td>
                  <code>{p.key}</code>
                </td>
                <td>{p.name}</td>
                <td>{TYPE_NAMES[p.projectTypeKey ?? ''] ?? p.projectTypeKey ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {/* aria-disabled, not disabled: a button the reader pressed keeps focus while its page loads, and on the last page. */}
      {onPage && (
        <div className={styles.actions}>
          <PageButton label="Previous page" unavailable={loading || projects.startAt === 0} onPress={() => onPage(Math.max(0, projects.startAt - pageSize))} />
          <PageButton label="Next page" unavailable={loading || projects.isLast !== false} onPress={() => onPage(projects.startAt + pageSize)} />
        </div>
      )}
    </div>
  )
}
