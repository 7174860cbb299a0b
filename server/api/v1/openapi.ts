/**
 * The OpenAPI 3.1 document of the record API, generated from the record schemas (shared/records/),
 * so every type's fields, kinds, enums, limits and required fields are documented exactly as they
 * are validated. Served at `GET /api/v1/openapi.json`; docs/api.md is the guided tour.
 */
import { RECORD_TYPES } from '../../../shared/records/index'
import { isServerOwned, type FieldDef } from '../../../shared/schema/field'
import type { RecordType } from '../../../shared/schema/record-type'
import { COMMON_SORTS, listFields, MAX_LIMIT } from './record-query'
import { RELATED } from './related-lists'
import { SEARCH_MAX_LIMIT } from './search-routes'
import { CATALOG_DEFAULT_LIMIT, CATALOG_MAX_LIMIT } from '../../records/catalog-query'
import { MAX_QUERY_LENGTH } from '../../../shared/search/search-query'

type Schema = Record<string, unknown>

function pascal(type: string): string {
  return type.split('-').map((part) => part[0]!.toUpperCase() + part.slice(1)).join('')
}

function fieldSchema(def: FieldDef): Schema {
  const base: Schema = { title: def.label, 'x-kind': def.kind }
  if (def.help) base.description = def.help
  if (isServerOwned(def)) base.readOnly = true
  if (def.initial !== undefined) base.default = def.initial // what a create that leaves it out gets
  const nullable = (schema: Schema): Schema => ({ ...base, ...schema, type: [schema.type, 'null'] })
  switch (def.kind) {
    case 'string':
    case 'text':
    case 'phone':
      return nullable({ type: 'string', ...(def.max ? { maxLength: def.max } : {}) })
    case 'email':
      return nullable({ type: 'string', format: 'email', ...(def.max ? { maxLength: def.max } : {}) })
    case 'url':
      return nullable({ type: 'string', format: 'uri' })
    case 'enum':
    case 'record-type':
      return { ...base, enum: [...(def.values ?? []), null] }
    case 'integer':
    case 'number':
    case 'money':
      return nullable({ type: def.kind === 'integer' ? 'integer' : 'number', ...(def.min !== undefined ? { minimum: def.min } : {}),
        ...(def.maxValue !== undefined ? { maximum: def.maxValue } : {}) })
    case 'boolean':
      return nullable({ type: 'boolean' })
    case 'date':
      return nullable({ type: 'string', format: 'date' })
    case 'datetime':
      return nullable({ type: 'string', format: 'date-time' })
    case 'reference':
      return nullable({ type: 'string', format: 'uuid', ...(def.refTypes ? { 'x-ref-types': def.refTypes } : {}) })
    case 'set':
      return { ...base, type: 'array', uniqueItems: true, ...(def.max ? { maxItems: def.max } : {}),
        items: def.members === 'value' ? { enum: def.values ?? [] } : { type: 'string', format: 'uuid' } }
    case 'items':
      return { ...base, type: 'object', description: 'Items by id (UUID), each an object of its fields.', ...(def.max ? { maxProperties: def.max } : {}),
        additionalProperties: { type: 'object', additionalProperties: false, properties: Object.fromEntries(Object.entries(def.item ?? {}).map(([k, d]) => [k, fieldSchema(d)])) } }
  }
}

function typeSchemas(type: RecordType): Record<string, Schema> {
  const name = pascal(type.type)
  const all = Object.fromEntries(Object.entries(type.fields).map(([key, def]) => [key, fieldSchema(def)]))
  const writable = Object.fromEntries(Object.entries(type.fields).filter(([, def]) => !isServerOwned(def)).map(([key, def]) => [key, fieldSchema(def)]))
  // A required field with an initial value may be left out of a create: it gets that value.
  const required = Object.entries(type.fields).filter(([, def]) => def.required && !isServerOwned(def) && def.initial === undefined).map(([key]) => key)
  return {
    [`${name}Fields`]: { type: 'object', description: `Every field of a ${type.label.toLowerCase()}.`, properties: all },
    [`${name}Create`]: { type: 'object', additionalProperties: false, required, properties: {
      id: { type: 'string', format: 'uuid', description: 'A UUIDv7 made by the client; the server makes one when left out.' }, ...writable } },
    [`${name}Patch`]: { type: 'object', additionalProperties: false, properties: writable,
      description: 'Only the fields given change; null clears a field; a long text changes by its smallest edit; a set becomes the members given.' },
    [`${name}Record`]: { allOf: [{ $ref: '#/components/schemas/RecordMeta' }, { type: 'object', properties: {
      type: { const: type.type }, fields: { $ref: `#/components/schemas/${name}Fields` } } }] },
    [`${name}Page`]: { type: 'object', required: ['items', 'next'], properties: {
      items: { type: 'array', items: { $ref: `#/components/schemas/${name}Record` } },
      next: { type: ['string', 'null'], description: 'The cursor of the next page; null on the last page.' } } },
  }
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const json = (schema: Schema, description: string) => ({ description, content: { 'application/json': { schema } } })
const errors = {
  400: json(ref('Error'), 'Invalid input; `fields` names each failing field.'),
  401: json(ref('Error'), 'Not signed in and no API token.'),
  404: json(ref('Error'), 'No such workspace or record, or not one you may see (indistinguishable).'),
}
const param = (name: string, where: 'path' | 'query' | 'header', schema: Schema, description: string, required = where === 'path') =>
  ({ name, in: where, required, schema, description })
const workspaceParam = param('workspaceId', 'path', { type: 'string' }, 'The workspace id.')
const idParam = param('id', 'path', { type: 'string', format: 'uuid' }, 'The record id.')
const ifMatch = param('If-Match', 'header', { type: 'string' }, 'The ETag you read; a stale one is refused with 412.')
const withEtag = (schema: Schema, description: string) => ({ ...json(schema, description), headers: { ETag: { schema: { type: 'string' }, description: 'The record\'s version.' } } })

function listParams(type: RecordType) {
  const sorts = [...COMMON_SORTS, ...listFields(type)]
  return [
    ...listFields(type).map((key) => param(key, 'query', { type: 'string' }, `Only records whose ${type.fields[key]!.label.toLowerCase()} equals this (text case-insensitively; empty: no value).`)),
    param('q', 'query', { type: 'string', maxLength: 200 }, 'Full-text search: names, emails, phones, long texts; typos and accents forgiven. Sorted by relevance unless `sort` is given.'),
    param('sort', 'query', { enum: [...sorts, ...sorts.map((s) => `-${s}`)] }, 'A leading - sorts descending. Default: title.'),
    param('limit', 'query', { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 50 }, 'Records per page.'),
    param('cursor', 'query', { type: 'string' }, 'The `next` of the previous page.'),
    param('deleted', 'query', { type: 'boolean', default: false }, 'true: include soft-deleted records.'),
  ]
}

function typePaths(type: RecordType): Record<string, Schema> {
  const name = pascal(type.type)
  const tag = [type.pluralLabel]
  const paths: Record<string, Schema> = {
    [`/api/v1/{workspaceId}/${type.path}`]: {
      get: { tags: tag, summary: `List ${type.pluralLabel.toLowerCase()}`, parameters: [workspaceParam, ...listParams(type)],
        responses: { 200: json(ref(`${name}Page`), 'A page of records.'), ...errors } },
      post: { tags: tag, summary: `Create a ${type.label.toLowerCase()}`, parameters: [workspaceParam],
        requestBody: { required: true, content: { 'application/json': { schema: ref(`${name}Create`) } } },
        responses: { 201: withEtag(ref(`${name}Record`), 'Created (with `warnings.duplicates` for accounts and contacts that look like existing ones).'),
          ...errors, 403: json(ref('Error'), 'Viewers cannot write.'), 409: json(ref('Error'), 'The id is taken.') } },
    },
    [`/api/v1/{workspaceId}/${type.path}/{id}`]: {
      get: { tags: tag, summary: `Read a ${type.label.toLowerCase()}`, parameters: [workspaceParam, idParam],
        responses: { 200: withEtag(ref(`${name}Record`), 'The record.'), ...errors } },
      patch: { tags: tag, summary: `Change fields of a ${type.label.toLowerCase()}`, parameters: [workspaceParam, idParam, ifMatch],
        requestBody: { required: true, content: { 'application/json': { schema: ref(`${name}Patch`) } } },
        responses: { 200: withEtag(ref(`${name}Record`), 'The record after the change.'), ...errors,
          403: json(ref('Error'), 'Viewers cannot write.'), 412: json(ref('Error'), 'The record changed since the If-Match version.') } },
      delete: { tags: tag, summary: `Delete a ${type.label.toLowerCase()} (soft: sets deleted)`, parameters: [workspaceParam, idParam, ifMatch],
        responses: { 200: withEtag(ref(`${name}Record`), 'The record, now deleted.'), ...errors,
          403: json(ref('Error'), 'Viewers cannot write.'), 412: json(ref('Error'), 'The record changed since the If-Match version.') } },
    },
    [`/api/v1/{workspaceId}/${type.path}/{id}/history`]: {
      get: { tags: tag, summary: 'Field history, newest first', parameters: [workspaceParam, idParam,
        param('limit', 'query', { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 50 }, 'Entries per page.'),
        param('cursor', 'query', { type: 'string' }, 'The `next` of the previous page.')],
        responses: { 200: json(ref('HistoryPage'), 'History entries.'), ...errors } },
    },
    [`/api/v1/{workspaceId}/${type.path}/{id}/history/{historyId}/restore`]: {
      post: { tags: tag, summary: 'Write a history entry\'s old value back, as an edit by the caller',
        parameters: [workspaceParam, idParam, param('historyId', 'path', { type: 'string' }, 'The history entry.')],
        responses: { 200: withEtag(ref(`${name}Record`), 'The record after the restore.'), ...errors, 403: json(ref('Error'), 'Viewers cannot write.') } },
    },
  }
  for (const [list, relation] of Object.entries(RELATED[type.type] ?? {})) {
    const related = RECORD_TYPES.find((t) => t.type === relation.type)!
    paths[`/api/v1/{workspaceId}/${type.path}/{id}/${list}`] = {
      get: { tags: tag, summary: `The ${related.pluralLabel.toLowerCase()} of a ${type.label.toLowerCase()}`,
        parameters: [workspaceParam, idParam, ...listParams(related)],
        responses: { 200: json(ref(`${pascal(related.type)}Page`), 'A page of records.'), ...errors } },
    }
  }
  return paths
}

function commandPaths(): Record<string, Schema> {
  const command = (summary: string, body: Schema | null, record: string) => ({
    post: { tags: ['Commands'], summary, parameters: [workspaceParam, idParam],
      ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
      responses: { 200: withEtag(ref(record), 'The record after the command.'), ...errors, 403: json(ref('Error'), 'Viewers cannot write.') } },
  })
  return {
    '/api/v1/{workspaceId}/accounts/{id}/primary-contact': command('Set (or with null clear) the primary contact; it must be a live contact of the account',
      { type: 'object', required: ['contactId'], additionalProperties: false, properties: { contactId: { type: ['string', 'null'], format: 'uuid' } } }, 'AccountRecord'),
    '/api/v1/{workspaceId}/cases/{id}/resolve': command('Resolve a case',
      { type: 'object', required: ['resolution'], additionalProperties: false, properties: {
        resolution: { type: 'string', maxLength: 2000 }, timeSpentMinutes: { type: 'integer', minimum: 0 } } }, 'CaseRecord'),
    '/api/v1/{workspaceId}/cases/{id}/reopen': command('Reopen a resolved or cancelled case', null, 'CaseRecord'),
  }
}

/** Search across types, and the catalog pull clients keep their local lists with. */
function workspacePaths(): Record<string, Schema> {
  return {
    '/api/v1/{workspaceId}/search': {
      get: { tags: ['Search'], summary: 'Search every record type: names, emails, phones (any format), long text; prefixes, one typo and missing accents forgiven',
        parameters: [workspaceParam,
          param('q', 'query', { type: 'string', maxLength: MAX_QUERY_LENGTH }, 'What to look for.', true),
          param('types', 'query', { type: 'string' }, 'Comma-separated type names or paths (`contact` or `contacts`); all types when left out.'),
          param('limit', 'query', { type: 'integer', minimum: 1, maximum: SEARCH_MAX_LIMIT }, 'Hits to return.')],
        responses: { 200: json({ type: 'object', properties: { hits: { type: 'array', items: { type: 'object', properties: {
          id: { type: 'string' }, type: { type: 'string' }, path: { type: 'string' }, title: { type: 'string' }, subtitle: { type: 'string' },
          score: { type: 'number' } } } } } }, 'Hits, best first.'), ...errors } },
    },
    '/api/v1/{workspaceId}/catalog': {
      get: { tags: ['Catalog'], summary: 'Records changed since a sequence, deletions included, a page at a time (clients pull this into their local catalog)',
        parameters: [workspaceParam,
          param('since', 'query', { type: 'integer', minimum: 0 }, 'The sequence the client has; 0 for everything.'),
          param('cursor', 'query', { type: 'string' }, 'The `next` of the previous page.'),
          param('limit', 'query', { type: 'integer', minimum: 1, maximum: CATALOG_MAX_LIMIT, default: CATALOG_DEFAULT_LIMIT }, 'Rows per page.')],
        responses: { 200: json({ type: 'object', required: ['rows', 'next', 'seq'], properties: {
          rows: { type: 'array', items: { type: 'object', description: 'id, type, docName, title, fields, refTitles, deleted, version, changeSeq, updatedAt, updatedBy, ownerId, accountId' } },
          next: { type: ['string', 'null'] }, seq: { type: 'integer', description: 'The workspace\'s sequence: store it after the last page.' } } },
        'A page of changed records.'), ...errors } },
    },
  }
}

export function openapiDocument(): Schema {
  return {
    openapi: '3.1.0',
    info: { title: 'Tandem CRM record API', version: '1', description: 'Records of a workspace: accounts, contacts, relationships, relationship roles, cases and activities. See docs/api.md.' },
    servers: [{ url: '/' }],
    security: [{ session: [] }, { apiToken: [] }],
    paths: Object.assign({}, ...RECORD_TYPES.map(typePaths), commandPaths(), workspacePaths()),
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'tandem_session' },
        apiToken: { type: 'http', scheme: 'bearer', description: 'An API token of the workspace (POST /api/workspaces/{ws}/tokens); it acts with its role.' },
      },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: {
          code: { type: 'string' }, message: { type: 'string' }, fields: { type: 'object', additionalProperties: { type: 'string' } } } } } },
        RecordMeta: { type: 'object', required: ['id', 'type', 'title', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'deleted', 'fields', 'refTitles'], properties: {
          id: { type: 'string', format: 'uuid' }, type: { type: 'string' }, title: { type: 'string', description: 'From the type\'s title fields.' }, version: { type: 'integer', description: 'Also the ETag.' },
          createdAt: { type: 'string', format: 'date-time' }, createdBy: { type: 'string', description: 'An actor: user:<id>, token:<id> or server.' },
          updatedAt: { type: 'string', format: 'date-time' }, updatedBy: { type: 'string' }, deleted: { type: 'boolean' },
          refTitles: { type: 'object', additionalProperties: { type: 'string' }, description: 'Titles of the records it references, by id.' },
          warnings: { type: 'object', properties: { duplicates: { type: 'array', items: ref('DuplicateCandidate') } } } } },
        DuplicateCandidate: { type: 'object', properties: { id: { type: 'string' }, type: { type: 'string' }, title: { type: 'string' }, reason: { enum: ['email', 'phone', 'name'] } } },
        HistoryEntry: { type: 'object', properties: { id: { type: 'string' }, field: { type: 'string' }, old: {}, new: {},
          actor: { type: 'object', properties: { id: { type: 'string' }, name: { type: ['string', 'null'] } } },
          at: { type: 'string', format: 'date-time' }, kind: { enum: ['edit', 'lost'], description: 'lost: a value that lost to a concurrent write of the same field.' } } },
        HistoryPage: { type: 'object', properties: { items: { type: 'array', items: ref('HistoryEntry') }, next: { type: ['string', 'null'] } } },
        ...Object.assign({}, ...RECORD_TYPES.map(typeSchemas)),
      },
    },
  }
}
