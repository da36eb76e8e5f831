// English strings of the site address on the cluster page (a part of en.ts).
export const enSiteAddress = {
  label: 'Site address',
  heldHere: '{{address}} — held by this node',
  heldBy: '{{address}} — held by {{node}}',
  noHolder: '{{address}} — not held (no master)',
  detail: 'on {{interface}}',
  since: 'since {{time}}',
  lastError: 'Last error: {{error}}',
};
