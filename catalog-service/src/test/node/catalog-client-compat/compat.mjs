// Drives Backstage's own @backstage/catalog-client against Portal's catalog-service and checks what it gets back.
//
//   node compat.mjs --base-url http://127.0.0.1:8081/api/catalog --admin-token <alice's> --user-token <bob's>
//
// or the same through CATALOG_BASE_URL, CATALOG_ADMIN_TOKEN and CATALOG_USER_TOKEN. The catalog must hold exactly
// catalog-service/src/test/resources/catalogs/small-org.yaml (BackstageCatalogClientCompatTest seeds it). The checks
// change it at the end (refresh, then remove ui-kit). One line per check; the first failure ends the run with exit 1.
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { CatalogClient, CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';

const { values: args } = parseArgs({
  options: {
    'base-url': { type: 'string', default: process.env.CATALOG_BASE_URL },
    'admin-token': { type: 'string', default: process.env.CATALOG_ADMIN_TOKEN },
    'user-token': { type: 'string', default: process.env.CATALOG_USER_TOKEN },
  },
});
for (const name of ['base-url', 'admin-token', 'user-token']) {
  if (!args[name]) {
    console.error(`usage: node compat.mjs --base-url <…/api/catalog> --admin-token <token> --user-token <token>`
      + ` (or CATALOG_BASE_URL, CATALOG_ADMIN_TOKEN, CATALOG_USER_TOKEN); missing ${name}`);
    process.exit(2);
  }
}
const baseUrl = args['base-url'].replace(/\/+$/, '');
const started = performance.now();

// As a Backstage backend plugin would build it: a discovery API and the caller's token per call.
const catalog = new CatalogClient({ discoveryApi: { getBaseUrl: async () => baseUrl } });
const asAdmin = { token: args['admin-token'] };
const asUser = { token: args['user-token'] };

let passed = 0;
async function check(name, body) {
  try {
    await body();
  } catch (error) {
    console.log(`not ok ${passed + 1} - ${name}`);
    console.log(String(error?.stack ?? error).split('\n').map(l => `  # ${l}`).join('\n'));
    if (error?.body) {
      console.log(`  # response body: ${JSON.stringify(error.body)}`);
    }
    console.log(`compat: ${passed} checks passed before the failing one`);
    process.exit(1);
  }
  passed += 1;
  console.log(`ok ${passed} - ${name}`);
}

const names = entities => entities.map(e => e?.metadata?.name);
const sortedNames = entities => names(entities).sort();
/** A call that must fail: returns the client's error (a ResponseError with the parsed Backstage error body). */
async function failure(call) {
  try {
    await call();
  } catch (error) {
    return error;
  }
  assert.fail('expected the call to fail');
}
function assertResponseError(error, status, errorName) {
  assert.equal(error.name, 'ResponseError', `expected a ResponseError, got ${error}`);
  assert.equal(error.response.status, status);
  assert.equal(error.body?.error?.name, errorName);
  assert.equal(error.body?.response?.statusCode, status);
}
/** Follows a queryEntities page through every nextCursor, then back through every prevCursor. */
async function walk(first, limit, options = asAdmin) {
  const forward = [first];
  while (forward.at(-1).pageInfo.nextCursor) {
    forward.push(await catalog.queryEntities({ cursor: forward.at(-1).pageInfo.nextCursor, limit }, options));
  }
  const backward = [forward.at(-1)];
  while (backward.at(-1).pageInfo.prevCursor) {
    backward.push(await catalog.queryEntities({ cursor: backward.at(-1).pageInfo.prevCursor, limit }, options));
  }
  return { forward, backward };
}

const ALL = ['alice', 'bob', 'checkout-web', 'commerce', 'engineering', 'ledger', 'payments', 'payments-api',
  'payments-db', 'payments-rest', 'payments-team', 'platform-team', 'portal-backend', 'ui-kit'];

// ---------------------------------------------------------------------------------------------------------------
// getEntities
// ---------------------------------------------------------------------------------------------------------------
await check('getEntities() returns every entity, complete', async () => {
  const { items } = await catalog.getEntities(undefined, asAdmin);
  assert.deepEqual(sortedNames(items), ALL);
  const api = items.find(e => e.metadata.name === 'payments-api');
  assert.equal(api.apiVersion, 'backstage.io/v1alpha1');
  assert.equal(api.kind, 'Component');
  assert.equal(api.metadata.namespace, 'default');
  assert.match(api.metadata.uid, /^[0-9a-f-]{36}$/);
  assert.equal(typeof api.metadata.etag, 'string');
  assert.deepEqual(api.metadata.tags, ['java', 'pci']);
  assert.equal(api.spec.owner, 'payments-team');
  assert.ok(api.relations.some(r => r.type === 'ownedBy' && r.targetRef === 'group:default/payments-team'));
});

await check('getEntities filter: all statements of one filter must match', async () => {
  const { items } = await catalog.getEntities({ filter: { kind: 'Component', 'spec.type': 'service' } }, asAdmin);
  assert.deepEqual(sortedNames(items), ['ledger', 'payments-api', 'portal-backend']);
});

await check('getEntities repeated filters: either filter may match', async () => {
  const { items } = await catalog.getEntities(
    { filter: [{ kind: 'Resource' }, { kind: 'Component', 'spec.type': 'library' }] }, asAdmin);
  assert.deepEqual(sortedNames(items), ['payments-db', 'ui-kit']);
});

await check('getEntities filter with an array value: either value', async () => {
  const { items } = await catalog.getEntities({ filter: { 'spec.type': ['website', 'library'] } }, asAdmin);
  assert.deepEqual(sortedNames(items), ['checkout-web', 'ui-kit']);
});

await check('getEntities filter with CATALOG_FILTER_EXISTS', async () => {
  const { items } = await catalog.getEntities(
    { filter: { 'metadata.annotations.pagerduty.com/service-id': CATALOG_FILTER_EXISTS } }, asAdmin);
  assert.deepEqual(names(items), ['payments-api']);
  const labelled = await catalog.getEntities(
    { filter: [{ kind: 'Component', 'metadata.labels.tier': CATALOG_FILTER_EXISTS }, { 'spec.parent': CATALOG_FILTER_EXISTS }] },
    asAdmin);
  assert.deepEqual(sortedNames(labelled.items), ['payments-api', 'payments-team', 'platform-team']);
});

await check('getEntities filter: case-insensitive, on tags and on relations', async () => {
  const upper = await catalog.getEntities({ filter: { KIND: 'COMPONENT', 'metadata.name': 'Payments-API' } }, asAdmin);
  assert.deepEqual(names(upper.items), ['payments-api']);
  const tagged = await catalog.getEntities({ filter: { 'metadata.tags': 'java' } }, asAdmin);
  assert.deepEqual(sortedNames(tagged.items), ['ledger', 'payments-api', 'portal-backend']);
  const owned = await catalog.getEntities(
    { filter: { kind: 'component', 'relations.ownedBy': 'group:default/platform-team' } }, asAdmin);
  assert.deepEqual(sortedNames(owned.items), ['portal-backend', 'ui-kit']);
});

await check('getEntities fields: only the requested fields', async () => {
  const { items } = await catalog.getEntities(
    { filter: { kind: 'System' }, fields: ['kind', 'metadata.name', 'spec.owner'] }, asAdmin);
  assert.deepEqual(items, [{ kind: 'System', metadata: { name: 'payments' }, spec: { owner: 'payments-team' } }]);
});

await check('getEntities order: one field and several fields', async () => {
  const byName = await catalog.getEntities(
    { filter: { kind: 'Component' }, order: { field: 'metadata.name', order: 'desc' } }, asAdmin);
  assert.deepEqual(names(byName.items), ['ui-kit', 'portal-backend', 'payments-api', 'ledger', 'checkout-web']);
  const byTypeThenName = await catalog.getEntities({
    filter: { kind: 'Component' },
    order: [{ field: 'spec.type', order: 'asc' }, { field: 'metadata.name', order: 'asc' }],
  }, asAdmin);
  assert.deepEqual(names(byTypeThenName.items), ['ui-kit', 'ledger', 'payments-api', 'portal-backend', 'checkout-web']);
  const byLifecycle = await catalog.getEntities({
    filter: { kind: 'Component' },
    order: [{ field: 'spec.lifecycle', order: 'asc' }, { field: 'metadata.name', order: 'asc' }],
  }, asAdmin);
  assert.deepEqual(names(byLifecycle.items), ['ledger', 'checkout-web', 'payments-api', 'portal-backend', 'ui-kit']);
});

await check('getEntities limit and offset', async () => {
  const order = { field: 'metadata.name', order: 'asc' };
  const filter = { kind: 'Component' };
  assert.deepEqual(names((await catalog.getEntities({ filter, order, limit: 2 }, asAdmin)).items),
    ['checkout-web', 'ledger']);
  assert.deepEqual(names((await catalog.getEntities({ filter, order, limit: 2, offset: 2 }, asAdmin)).items),
    ['payments-api', 'portal-backend']);
  assert.deepEqual(names((await catalog.getEntities({ filter, order, limit: 2, offset: 4 }, asAdmin)).items),
    ['ui-kit']);
  assert.deepEqual((await catalog.getEntities({ filter, order, offset: 5 }, asAdmin)).items, []);
});

await check('getEntities with a malformed filter: ResponseError 400 InputError', async () => {
  const error = await failure(() => catalog.getEntities({ filter: { '': 'component' } }, asAdmin));
  assertResponseError(error, 400, 'InputError');
  assert.match(error.body.error.message, /expected a string on the form a=b or a= or a/);
});

await check('getEntities without a token: ResponseError 401 AuthenticationError', async () => {
  const error = await failure(() => catalog.getEntities({ filter: { kind: 'Component' } }));
  assertResponseError(error, 401, 'AuthenticationError');
});

// ---------------------------------------------------------------------------------------------------------------
// queryEntities (and streamEntities, which pages through it)
// ---------------------------------------------------------------------------------------------------------------
await check('queryEntities() with no arguments: everything on one default page', async () => {
  const response = await catalog.queryEntities(undefined, asAdmin);
  assert.equal(response.totalItems, 14);
  assert.deepEqual(sortedNames(response.items), ALL);
  assert.deepEqual(response.pageInfo, {});
});

await check('queryEntities filter + orderFields + fields + limit: the first page', async () => {
  const first = await catalog.queryEntities({
    filter: [{ kind: 'Component' }, { kind: 'API' }],
    orderFields: { field: 'metadata.name', order: 'desc' },
    fields: ['kind', 'metadata.name'],
    limit: 4,
  }, asAdmin);
  assert.equal(first.totalItems, 6);
  assert.deepEqual(first.items, [
    { kind: 'Component', metadata: { name: 'ui-kit' } },
    { kind: 'Component', metadata: { name: 'portal-backend' } },
    { kind: 'API', metadata: { name: 'payments-rest' } },
    { kind: 'Component', metadata: { name: 'payments-api' } },
  ]);
  assert.equal(typeof first.pageInfo.nextCursor, 'string');
  assert.equal(first.pageInfo.prevCursor, undefined);
});

await check('queryEntities: following nextCursor through all pages and back with prevCursor', async () => {
  const first = await catalog.queryEntities({
    filter: [{ kind: 'Component' }, { kind: 'API' }],
    orderFields: { field: 'metadata.name', order: 'desc' },
    limit: 2,
  }, asAdmin);
  const { forward, backward } = await walk(first, 2);
  const pages = forward.map(page => names(page.items));
  assert.deepEqual(pages, [['ui-kit', 'portal-backend'], ['payments-rest', 'payments-api'], ['ledger', 'checkout-web']]);
  forward.forEach(page => assert.equal(page.totalItems, 6));
  assert.equal(forward.at(-1).pageInfo.nextCursor, undefined);
  forward.slice(1).forEach(page => assert.equal(typeof page.pageInfo.prevCursor, 'string'));
  assert.deepEqual(backward.map(page => names(page.items)), [...pages].reverse());
  assert.equal(backward.at(-1).pageInfo.prevCursor, undefined);
  assert.equal(typeof backward.at(-1).pageInfo.nextCursor, 'string');
});

await check('queryEntities offset: the first page starts that many entities in, and its nextCursor goes on', async () => {
  const first = await catalog.queryEntities({
    filter: [{ kind: 'Component' }, { kind: 'API' }],
    orderFields: { field: 'metadata.name', order: 'desc' },
    limit: 2,
    offset: 2,
  }, asAdmin);
  assert.equal(first.totalItems, 6);
  assert.deepEqual(names(first.items), ['payments-rest', 'payments-api']);
  const second = await catalog.queryEntities({ cursor: first.pageInfo.nextCursor, limit: 2 }, asAdmin);
  assert.deepEqual(names(second.items), ['ledger', 'checkout-web']);
});

await check('queryEntities fields on a cursor request', async () => {
  const first = await catalog.queryEntities(
    { filter: { kind: 'Group' }, orderFields: { field: 'metadata.name', order: 'asc' }, limit: 1 }, asAdmin);
  const second = await catalog.queryEntities(
    { cursor: first.pageInfo.nextCursor, limit: 1, fields: ['metadata.name'] }, asAdmin);
  assert.deepEqual(second.items, [{ metadata: { name: 'payments-team' } }]);
});

await check('queryEntities fullTextFilter (trimmed, case-insensitive) with paging', async () => {
  const first = await catalog.queryEntities({
    fullTextFilter: { term: '  PAY ', fields: ['metadata.name'] },
    orderFields: { field: 'metadata.name', order: 'asc' },
    limit: 3,
  }, asAdmin);
  assert.equal(first.totalItems, 5);
  const { forward, backward } = await walk(first, 3);
  assert.deepEqual(forward.map(page => names(page.items)),
    [['payments', 'payments-api', 'payments-db'], ['payments-rest', 'payments-team']]);
  assert.deepEqual(names(backward.at(-1).items), ['payments', 'payments-api', 'payments-db']);
});

await check('queryEntities fullTextFilter without fields searches the order field', async () => {
  const response = await catalog.queryEntities(
    { fullTextFilter: { term: 'kit' }, orderFields: { field: 'metadata.name', order: 'asc' } }, asAdmin);
  assert.deepEqual(names(response.items), ['ui-kit']);
  assert.equal(response.totalItems, 1);
});

await check('queryEntities with a predicate query (POST by-query): order and paging', async () => {
  const first = await catalog.queryEntities({
    query: { $all: [{ kind: 'component' }, { 'spec.type': { $in: ['service', 'website'] } }] },
    orderFields: { field: 'metadata.name', order: 'desc' },
    fields: ['metadata.name'],
    limit: 3,
  }, asAdmin);
  assert.equal(first.totalItems, 4);
  const { forward, backward } = await walk(first, 3);
  assert.deepEqual(forward.map(page => names(page.items)),
    [['portal-backend', 'payments-api', 'ledger'], ['checkout-web']]);
  assert.deepEqual(names(backward.at(-1).items), ['portal-backend', 'payments-api', 'ledger']);
});

await check('queryEntities with both filter and query: both must match', async () => {
  const response = await catalog.queryEntities({
    filter: { kind: 'Component' },
    query: { $not: { 'spec.lifecycle': 'experimental' } },
    orderFields: { field: 'metadata.name', order: 'asc' },
  }, asAdmin);
  assert.deepEqual(names(response.items), ['checkout-web', 'payments-api', 'portal-backend', 'ui-kit']);
});

await check('streamEntities pages through everything', async () => {
  const pages = [];
  for await (const page of catalog.streamEntities({ pageSize: 5, fields: ['metadata.name'] }, asAdmin)) {
    pages.push(page);
  }
  assert.deepEqual(pages.map(page => page.length), [5, 5, 4]);
  assert.deepEqual(sortedNames(pages.flat()), ALL);
});

// ---------------------------------------------------------------------------------------------------------------
// getEntityByRef, getEntitiesByRefs
// ---------------------------------------------------------------------------------------------------------------
await check('getEntityByRef: string and compound refs, default namespace and kind case', async () => {
  const api = await catalog.getEntityByRef('component:payments-api', asAdmin);
  assert.equal(api.metadata.title, 'Payments API Service');
  assert.equal(api.metadata.annotations['pagerduty.com/service-id'], 'PPA1Y5K');
  const team = await catalog.getEntityByRef({ kind: 'Group', namespace: 'default', name: 'platform-team' }, asUser);
  assert.equal(team.metadata.title, 'Platform Team');
  assert.ok(team.relations.some(r => r.type === 'childOf' && r.targetRef === 'group:default/engineering'));
  assert.ok(team.relations.some(r => r.type === 'ownerOf' && r.targetRef === 'component:default/ui-kit'));
  const user = await catalog.getEntityByRef('User:default/alice', asAdmin);
  assert.deepEqual(user.spec.memberOf, ['platform-team']);
});

await check('getEntityByRef of a missing entity: undefined', async () => {
  assert.equal(await catalog.getEntityByRef('component:default/no-such-thing', asAdmin), undefined);
});

await check('getEntitiesByRefs keeps the request order, undefined where missing', async () => {
  const { items } = await catalog.getEntitiesByRefs({
    entityRefs: ['component:default/ledger', 'component:default/no-such-thing', 'group:default/payments-team',
      'api:default/payments-rest', 'system:default/payments'],
  }, asAdmin);
  assert.equal(items.length, 5);
  assert.deepEqual(names(items), ['ledger', undefined, 'payments-team', 'payments-rest', 'payments']);
  assert.equal(items[1], undefined);
  assert.equal(items[0].spec.lifecycle, 'experimental');
});

await check('getEntitiesByRefs with fields', async () => {
  const { items } = await catalog.getEntitiesByRefs({
    entityRefs: ['resource:default/payments-db', 'domain:default/nowhere', 'domain:default/commerce'],
    fields: ['kind', 'metadata.name'],
  }, asAdmin);
  assert.deepEqual(items, [{ kind: 'Resource', metadata: { name: 'payments-db' } }, undefined,
    { kind: 'Domain', metadata: { name: 'commerce' } }]);
});

await check('getEntitiesByRefs with a filter: undefined where it does not match', async () => {
  const { items } = await catalog.getEntitiesByRefs({
    entityRefs: ['component:default/ledger', 'group:default/payments-team', 'group:default/engineering'],
    filter: { kind: 'Group', 'spec.type': 'team' },
  }, asAdmin);
  assert.deepEqual(names(items), [undefined, 'payments-team', undefined]);
});

await check('getEntitiesByRefs with a predicate query', async () => {
  const { items } = await catalog.getEntitiesByRefs({
    entityRefs: ['component:default/ledger', 'group:default/payments-team', 'component:default/ui-kit'],
    query: { $any: [{ kind: 'group' }, { 'metadata.tags': { $in: ['typescript'] } }] },
  }, asAdmin);
  assert.deepEqual(names(items), [undefined, 'payments-team', 'ui-kit']);
});

await check('getEntitiesByRefs of no refs: no items', async () => {
  assert.deepEqual(await catalog.getEntitiesByRefs({ entityRefs: [] }, asAdmin), { items: [] });
});

// ---------------------------------------------------------------------------------------------------------------
// getEntityFacets, getEntityAncestors
// ---------------------------------------------------------------------------------------------------------------
const facetCounts = values => Object.fromEntries(values.map(({ value, count }) => [value, count]));

await check('getEntityFacets over everything', async () => {
  const { facets } = await catalog.getEntityFacets({ facets: ['kind'] }, asAdmin);
  assert.deepEqual(Object.keys(facets), ['kind']);
  assert.deepEqual(facetCounts(facets.kind),
    { Component: 5, Group: 3, User: 2, API: 1, Domain: 1, Resource: 1, System: 1 });
});

await check('getEntityFacets with a filter, several facets', async () => {
  const { facets } = await catalog.getEntityFacets(
    { facets: ['spec.type', 'metadata.tags'], filter: { kind: 'Component' } }, asUser);
  assert.deepEqual(facetCounts(facets['spec.type']), { service: 3, library: 1, website: 1 });
  assert.deepEqual(facetCounts(facets['metadata.tags']), { java: 3, typescript: 2, kotlin: 1, pci: 1 });
});

await check('getEntityFacets with a predicate query (POST entity-facets)', async () => {
  const { facets } = await catalog.getEntityFacets(
    { facets: ['kind'], query: { 'relations.ownedBy': 'group:default/payments-team' } }, asAdmin);
  assert.deepEqual(facetCounts(facets.kind), { Component: 3, API: 1, Domain: 1, Resource: 1, System: 1 });
  const both = await catalog.getEntityFacets({
    facets: ['spec.lifecycle'], filter: { kind: 'Component' }, query: { 'relations.ownedBy': 'group:default/payments-team' },
  }, asAdmin);
  assert.deepEqual(facetCounts(both.facets['spec.lifecycle']), { production: 2, experimental: 1 });
});

await check('getEntityAncestors of a directly added entity: itself, without parents', async () => {
  const ancestry = await catalog.getEntityAncestors({ entityRef: 'component:default/ledger' }, asAdmin);
  assert.equal(ancestry.rootEntityRef, 'component:default/ledger');
  assert.equal(ancestry.items.length, 1);
  assert.equal(ancestry.items[0].entity.metadata.name, 'ledger');
  assert.equal(ancestry.items[0].entity.kind, 'Component');
  assert.deepEqual(ancestry.items[0].parentEntityRefs, []);
});

await check('getEntityAncestors of a missing entity: ResponseError 404 NotFoundError', async () => {
  const error = await failure(() => catalog.getEntityAncestors({ entityRef: 'component:default/no-such-thing' }, asAdmin));
  assertResponseError(error, 404, 'NotFoundError');
});

// ---------------------------------------------------------------------------------------------------------------
// validateEntity, refreshEntity, removeEntityByUid
// ---------------------------------------------------------------------------------------------------------------
const LOCATION = 'url:https://example.com/catalog-info.yaml';

await check('validateEntity of a valid entity: { valid: true }, nothing stored', async () => {
  const result = await catalog.validateEntity({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'just-checking' },
    spec: { type: 'service', lifecycle: 'production', owner: 'platform-team' },
  }, LOCATION, asUser);
  assert.deepEqual(result, { valid: true });
  assert.equal(await catalog.getEntityByRef('component:default/just-checking', asAdmin), undefined);
});

await check('validateEntity of an invalid entity: { valid: false, errors }', async () => {
  const result = await catalog.validateEntity({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: '-bad-' },
    spec: { type: 'service' },
  }, LOCATION, asUser);
  assert.equal(result.valid, false);
  assert.ok(result.errors.length >= 1, 'errors expected');
  for (const error of result.errors) {
    assert.equal(typeof error.name, 'string');
    assert.equal(typeof error.message, 'string');
  }
  assert.ok(result.errors.some(e => e.message.includes('metadata.name')), JSON.stringify(result.errors));
});

await check('validateEntity with a location that is not url:…: { valid: false, errors }', async () => {
  const result = await catalog.validateEntity({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'fine' },
    spec: { type: 'service', lifecycle: 'production', owner: 'platform-team' },
  }, 'file:/tmp/catalog-info.yaml', asUser);
  assert.equal(result.valid, false);
  assert.equal(result.errors.length, 1);
  assert.match(result.errors[0].message, /only 'url:<target>' is supported/);
});

await check('refreshEntity of a known entity resolves; of an unknown one rejects with 404', async () => {
  assert.equal(await catalog.refreshEntity('component:default/ledger', asUser), undefined);
  const error = await failure(() => catalog.refreshEntity('component:default/no-such-thing', asUser));
  assertResponseError(error, 404, 'NotFoundError');
});

await check('removeEntityByUid by a non-owner: ResponseError 403 NotAllowedError, entity kept', async () => {
  const uiKit = await catalog.getEntityByRef('component:default/ui-kit', asAdmin);
  const error = await failure(() => catalog.removeEntityByUid(uiKit.metadata.uid, asUser));
  assertResponseError(error, 403, 'NotAllowedError');
  assert.equal((await catalog.getEntityByRef('component:default/ui-kit', asAdmin)).metadata.uid, uiKit.metadata.uid);
});

await check('removeEntityByUid as an admin: gone from every read', async () => {
  const uiKit = await catalog.getEntityByRef('component:default/ui-kit', asAdmin);
  assert.equal(await catalog.removeEntityByUid(uiKit.metadata.uid, asAdmin), undefined);
  assert.equal(await catalog.getEntityByRef('component:default/ui-kit', asAdmin), undefined);
  assert.deepEqual(names((await catalog.getEntitiesByRefs({ entityRefs: ['component:default/ui-kit'] }, asAdmin)).items),
    [undefined]);
  const { items } = await catalog.getEntities({ filter: { kind: 'Component' } }, asAdmin);
  assert.deepEqual(sortedNames(items), ['checkout-web', 'ledger', 'payments-api', 'portal-backend']);
  assert.equal((await catalog.queryEntities({ filter: { kind: 'Component' } }, asAdmin)).totalItems, 4);
});

console.log(`compat: all ${passed} checks passed against ${baseUrl} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
