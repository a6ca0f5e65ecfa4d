// Would a real MongoDB serve this query from an index? Read from the driver's command events and the
// indexes the mongoose schemas declare, with the planner's rule: a filter is served when some index's
// first field is constrained by equality, $in, a range, an anchored regex or $exists (each branch of an
// $or likewise). An empty filter reads the whole collection on purpose (exports, backfills) and passes.
import mongoose from 'mongoose';

type Filter = Record<string, unknown>;

export interface QueryShape {
  collection: string;
  command: string;
  /** The filter with its values replaced by their kinds, e.g. {"level":"eq","createdAt":"range"}. */
  shape: string;
}

const INDEXABLE_OPERATORS = new Set(['$eq', '$in', '$gt', '$gte', '$lt', '$lte', '$all', '$elemMatch']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

function anchored(regex: unknown): boolean {
  if (regex instanceof RegExp) return regex.source.startsWith('^');
  if (typeof regex === 'string') return regex.startsWith('^');
  const bson = regex as { pattern?: string } | null;
  return typeof bson?.pattern === 'string' && bson.pattern.startsWith('^');
}

/** How a field's condition can use an index: 'eq', 'range', 'prefix', or a reason it cannot. */
function conditionKind(value: unknown): string {
  if (value instanceof RegExp || (value as { _bsontype?: string })?._bsontype === 'BSONRegExp')
    return anchored(value) ? 'prefix' : 'regex';
  if (!isPlainObject(value) || !Object.keys(value).some((k) => k.startsWith('$'))) return 'eq';
  const ops = Object.keys(value);
  if (ops.includes('$regex')) return anchored(value.$regex) ? 'prefix' : 'regex';
  // $exists: true reads a sparse index's entries (all of them: a sweep by design, as for an audit).
  if (ops.length === 1 && value.$exists === true) return 'range';
  if (ops.some((op) => INDEXABLE_OPERATORS.has(op)))
    return ops.includes('$eq') || ops.includes('$in') ? 'eq' : 'range';
  return ops.join('');
}

function describe(filter: Filter): string {
  const parts = Object.entries(filter).map(([field, value]) => {
    if ((field === '$or' || field === '$and' || field === '$nor') && Array.isArray(value))
      return `${field}:[${value.map((b) => describe(b as Filter)).join(',')}]`;
    return `${field}:${conditionKind(value)}`;
  });
  return `{${parts.join(',')}}`;
}

/** Fields an index on them could serve, or null when some $or branch has none. */
function servableFields(filter: Filter): Set<string> | null {
  const fields = new Set<string>();
  let orServed: boolean | null = null;
  for (const [field, value] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(value)) {
      for (const branch of value) for (const f of servableFields(branch as Filter) ?? []) fields.add(f);
    } else if (field === '$or' && Array.isArray(value)) {
      orServed = value.every((branch) => (servableFields(branch as Filter)?.size ?? 0) > 0);
    } else if (!field.startsWith('$') && ['eq', 'range', 'prefix'].includes(conditionKind(value))) {
      fields.add(field);
    }
  }
  if (orServed === false && !fields.size) return null;
  return fields;
}

/** The filter of a query-like command, or undefined for commands that read nothing by a filter. */
function filtersOf(command: Record<string, unknown>): Filter[] | undefined {
  const name = Object.keys(command)[0]!;
  switch (name) {
    case 'find':
      return [(command.filter as Filter) ?? {}];
    case 'count':
    case 'distinct':
    case 'findAndModify':
      return [(command.query as Filter) ?? {}];
    case 'update':
      return ((command.updates as { q: Filter }[]) ?? []).map((u) => u.q);
    case 'delete':
      return ((command.deletes as { q: Filter }[]) ?? []).map((d) => d.q);
    case 'aggregate': {
      const first = (command.pipeline as Record<string, unknown>[] | undefined)?.[0];
      return [first && '$match' in first ? (first.$match as Filter) : {}];
    }
    default:
      return undefined;
  }
}

/** The first field of every index each collection declares (and _id's). */
export function declaredIndexLeads(): Map<string, Set<string>> {
  const leads = new Map<string, Set<string>>();
  for (const name of mongoose.modelNames()) {
    const model = mongoose.model(name);
    const first = new Set(['_id']);
    for (const [keys] of model.schema.indexes()) first.add(Object.keys(keys)[0]!);
    const known = leads.get(model.collection.name) ?? new Set<string>();
    for (const f of first) known.add(f);
    leads.set(model.collection.name, known);
  }
  return leads;
}

/** The queries in a command that no declared index serves (empty when all are served). */
export function unservedQueries(
  command: Record<string, unknown>,
  leads: Map<string, Set<string>>,
): QueryShape[] {
  const filters = filtersOf(command);
  if (!filters) return [];
  const name = Object.keys(command)[0]!;
  const collection = String(command[name]);
  const indexed = leads.get(collection);
  if (!indexed) return []; // not one of ours (the driver's own, a test's scratch collection)
  return filters
    .filter((filter) => {
      if (!Object.keys(filter).length) return false;
      const fields = servableFields(filter);
      if (fields === null) return true;
      const orBranches = Array.isArray(filter.$or) ? (filter.$or as Filter[]) : [];
      const branchesServed = orBranches.every((b) =>
        [...(servableFields(b) ?? [])].some((f) => indexed.has(f)),
      );
      return ![...fields].some((f) => indexed.has(f)) && !(orBranches.length && branchesServed);
    })
    .map((filter) => ({ collection, command: name, shape: describe(filter) }));
}
