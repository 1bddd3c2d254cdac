/**
 * Validate emulator responses against the vendored Jira OpenAPI subset (an OpenAPI 3.0 document), with ajv.
 * The subset lives in the repository (tests/contracts/, with its Apache-2.0 notice), so a fresh clone has it.
 */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'

const SPEC_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../contracts/jira-openapi-subset.json')
const SPEC_ID = 'jira-openapi-subset.json'

// OpenAPI 3.0 schemas carry keywords JSON Schema does not know (`xml`, `example`, `x-…`): ignore them, but keep
// `nullable` (ajv implements it) and every structural check, including `additionalProperties: false`.
const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 })
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) })
ajv.addSchema(JSON.parse(readFileSync(SPEC_PATH, 'utf8')), SPEC_ID)

/** Throws with ajv's messages unless `data` matches `components.schemas[schemaName]`. */
export function assertMatchesJiraSchema(schemaName: 'PageBeanProject' | 'User' | 'ErrorCollection', data: unknown): void {
  const validate = ajv.getSchema(`${SPEC_ID}#/components/schemas/${schemaName}`)
  if (!validate) throw new Error(`schema ${schemaName} not found in ${SPEC_PATH}`)
  if (!validate(data)) throw new Error(`${schemaName} mismatch: ${ajv.errorsText(validate.errors)}`)
}
