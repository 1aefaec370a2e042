// GraphQL over fetch with the admin key from sessionStorage (gone when the tab closes), and every operation
// the dashboard sends. The page is served by the service it talks to, so it knows its API: no introspection
// (off with NODE_ENV=production), and test/e2e/dashboard-operations.spec.ts validates each operation against
// the server's schema.

const KEY_STORAGE = 'tailor.adminKey';

export class ApiError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export const adminKey = {
  get: () => sessionStorage.getItem(KEY_STORAGE) ?? '',
  set: (key) => sessionStorage.setItem(KEY_STORAGE, key),
  clear: () => sessionStorage.removeItem(KEY_STORAGE),
};

/** POST /graphql; resolves to `data`, throws ApiError with the server's first message and code. */
export async function gql(query, variables = {}, { signal } = {}) {
  // The dashboard's own calls skip the recommendation cache: they are not storefront traffic.
  const headers = { 'content-type': 'application/json', 'x-tailor-cache': 'bypass' };
  const key = adminKey.get();
  if (key) headers.authorization = `Bearer ${key}`;
  let res;
  try {
    res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('The service did not answer. Check that it is running, then try again.', 'NETWORK', 0);
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`The service answered HTTP ${res.status} without data.`, 'HTTP', res.status);
  }
  if (body.errors?.length) {
    const first = body.errors[0];
    throw new ApiError(first.message, first.extensions?.code ?? 'ERROR', res.status);
  }
  if (!res.ok) throw new ApiError(`The service answered HTTP ${res.status}.`, 'HTTP', res.status);
  return body.data;
}

/** The admin-only report page of a model version, as text (fetched with the key: it never goes into a link). */
export async function fetchReport(version) {
  const res = await fetch(`/admin/reports/${encodeURIComponent(version)}`, {
    headers: { authorization: `Bearer ${adminKey.get()}` },
  });
  if (!res.ok)
    throw new ApiError(`The report of ${version} could not be loaded (HTTP ${res.status}).`, 'HTTP', res.status);
  return res.text();
}

const ITEM = 'id title price categories available';
const REC = `score source reason item { ${ITEM} } anchorItem { id title }`;
const WEIGHTS = 'placement segment origin version weights { source weight }';
const METRICS = 'ndcgAt10 ndcgAt10New recallAt10 coverageAt10 repeatShare';
const INTERVAL = 'low high';

export const OPS = {
  whoAmI: `query DashboardWhoAmI { accessPolicy { mode } }`,
  overview: `query DashboardOverview($from: String, $to: String) { analyticsOverview(from: $from, to: $to) {
    from to latestActivityDay days
    total { requests cacheHits cacheHitRatio views clicks addToCarts purchases orders revenue buyers }
    placements { placement requests cacheHits cacheHitRatio itemsServed loggedLists users impressions clicks
      addToCarts purchases converters ctr conversionRate } } }`,
  topItems: `query DashboardTopItems($from: String, $to: String) { topItems(from: $from, to: $to, limit: 10) {
    units revenue item { id title } } }`,
  customers: `query DashboardCustomers($search: String!) { customers(search: $search, limit: 20) {
    id segment lifecycle orders purchaseLines monetary lastPurchaseAt } }`,
  profile: `query DashboardProfile($userId: ID!) { userProfile(userId: $userId) {
    userId segment lifecycle purchaseCount firstPurchaseAt lastPurchaseAt referenceAt computedAt
    nextPurchaseWindow { from to } rfm { r f m code recencyDays frequency monetary } } }`,
  purchases: `query DashboardPurchases($userId: ID!) { customerPurchases(userId: $userId, limit: 100) {
    quantity unitPrice occurredAt orderId item { id title } } }`,
  recommendations: `query DashboardRecommendations($userId: ID!, $placement: Placement!, $weights: [PlacementSourceWeightInput!],
      $filter: RecommendationFilter) {
    recommendations(userId: $userId, placement: $placement, limit: 10, weights: $weights, filter: $filter) {
      requestId modelVersion coldStart items { ${REC} } } }`,
  placementWeights: `query DashboardPlacementWeights($placement: Placement!, $segment: String) {
    placementWeights(placement: $placement, segment: $segment) { ${WEIGHTS} } }`,
  // No weights here: the list has no size argument, so each entry is costed as 100 and a nested list would exceed
  // the complexity limit.
  segmentWeights: `query DashboardSegmentWeights { segmentWeights { placement segment origin version } }`,
  whatIf: `query DashboardWhatIf($placement: Placement!, $weights: [PlacementSourceWeightInput!]!, $segment: String) {
    evaluateWeights(placement: $placement, weights: $weights, segment: $segment) { segment modelVersion users seconds
      current { ${METRICS} } proposed { ${METRICS} } } }`,
  searchItems: `query DashboardSearchItems($search: String!) { searchItems(search: $search, limit: 20) { ${ITEM} } }`,
  item: `query DashboardItem($id: ID!) { item(id: $id) { ${ITEM} description } }`,
  itemSales: `query DashboardItemSales($id: ID!) { itemSales(itemId: $id) {
    from to days unitsPerDay ordersPerDay revenuePerDay units orders revenue customers } }`,
  itemAppearances: `query DashboardItemAppearances($id: ID!) { itemAppearances(itemId: $id) {
    placement lists users clicks purchases } }`,
  similarItems: `query DashboardSimilar($id: ID!) { similarItems(itemId: $id, limit: 10) { items { ${REC} } } }`,
  boughtTogether: `query DashboardBoughtTogether($ids: [ID!]!) { complementaryItems(itemIds: $ids, limit: 10) {
    items { ${REC} } } }`,
  experiments: `query DashboardExperiments { experiments(limit: 50) {
    id name placement segment status createdAt startedAt stoppedAt shippedAt shippedVariant } }`,
  experiment: `query DashboardExperiment($id: ID!) { experiment(id: $id) {
    id name placement segment status createdAt startedAt stoppedAt shippedAt shippedVariant
    variants(first: 10) { name control trafficShare weights modelVersion }
    report { verdict verdictVariant reason primaryMetric alpha comparisonAlpha minUsersPerVariant
      variants(first: 10) { name control users impressions clicks addToCarts converters revenue
        ctr ctrInterval { ${INTERVAL} } ctrPValue
        conversionRate conversionInterval { ${INTERVAL} } conversionPValue
        conversionDifference conversionDifferenceInterval { ${INTERVAL} }
        revenuePerUser revenuePerUserInterval { ${INTERVAL} } revenuePValue } } } }`,
  createExperiment: `mutation DashboardCreateExperiment($input: CreateExperimentInput!) {
    createExperiment(input: $input) { id } }`,
  startExperiment: `mutation DashboardStartExperiment($id: ID!) { startExperiment(id: $id) { id status } }`,
  stopExperiment: `mutation DashboardStopExperiment($id: ID!) { stopExperiment(id: $id) { id status } }`,
  shipVariant: `mutation DashboardShipVariant($id: ID!, $variant: String!) {
    shipVariant(experimentId: $id, variant: $variant) { id status shippedVariant } }`,
  modelVersions: `query DashboardModelVersions { modelVersions(limit: 20) {
    id status createdAt activatedAt primaryMetric primaryMetricName evaluation } }`,
  activateModel: `mutation DashboardActivateModel($id: String!) { activateModelVersion(id: $id) { id status activatedAt } }`,
  segmentSizes: `query DashboardSegmentSizes { segmentSizes { total segments { segment users } lifecycle { stage users }
    value { segment users } } }`,
  audience: `query DashboardAudience($input: AudienceInput!) { audience(input: $input) {
    modelVersion horizonDays customersScored members { userId score itemId reason }
    excluded { recentPurchase optedOut contactCap } } }`,
  customerValueMatrix: `query DashboardValueMatrix { customerValueMatrix { segment valueTier atRisk users } }`,
  customerValueCell: `query DashboardValueCell($segment: String!, $valueTier: String!, $atRisk: Boolean!) {
    customerValueCell(segment: $segment, valueTier: $valueTier, atRisk: $atRisk, limit: 100) {
      total members { userId clv probabilityAlive expectedPurchases monetary valueSegment } } }`,
  setWeights: `mutation DashboardSetWeights($placement: Placement!, $segment: String, $weights: [PlacementSourceWeightInput!]!,
      $comment: String) {
    setPlacementWeights(placement: $placement, segment: $segment, weights: $weights, comment: $comment) { ${WEIGHTS} } }`,
  resetWeights: `mutation DashboardResetWeights($placement: Placement!, $segment: String) {
    resetPlacementWeights(placement: $placement, segment: $segment) { ${WEIGHTS} } }`,
  contactCaps: `query DashboardContactCaps { contactCaps { placement maxImpressions windowHours origin version } }`,
  setContactCap: `mutation DashboardSetContactCap($placement: Placement!, $max: Int!, $hours: Float!) {
    setContactCap(placement: $placement, maxImpressions: $max, windowHours: $hours) { placement maxImpressions windowHours origin } }`,
  removeContactCap: `mutation DashboardRemoveContactCap($placement: Placement!) {
    removeContactCap(placement: $placement) { placement maxImpressions windowHours origin } }`,
};
