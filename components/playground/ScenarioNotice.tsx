import type { Scenario, ScenarioStage } from '../../contract/scenarios'
import flow from './flow.module.css'

const WHAT_HAPPENS: Record<ScenarioStage, string> = {
  'consent-screen': 'The consent window will show',
  'back-at-the-app': 'After the consent screen, the app will get',
  verifier: 'The verifier step will answer',
  'token-endpoint': "Arcade's token exchange with Atlassian will get",
  jira: 'The Jira step will answer'
}

/** A failure scenario armed for the next Run: what it is, what will happen, and a way to clear it. */
export function ScenarioArmed({ scenario, onClear }: { scenario: Scenario; onClear(): void }) {
  return (
    <div className={flow.scenario} data-scenario={scenario.name} role="note" aria-label="Scenario armed">
      <p>
        <strong>Scenario armed: {scenario.title}.</strong> The next Run plays it in the sandbox. {WHAT_HAPPENS[scenario.stage]} <q>{scenario.symptom}</q>.
      </p>
      <button type="button" className={flow.button} onClick={onClear}>
        Clear the scenario
      </button>
    </div>
  )
}

/** After a run with a scenario: the cause and the fix, with the troubleshooting entry. */
export function ScenarioExplained({ scenario }: { scenario: Scenario }) {
  return (
    <p className={flow.explained} data-scenario-explained={scenario.name}>
      <strong>{scenario.title}:</strong> {scenario.explanation} <a href={`/troubleshooting#${scenario.anchor}`}>Troubleshooting: {scenario.title}</a>
    </p>
  )
}
