// English strings of the demo controls (a part of en.ts).
export const enDemo = {
  title: 'Demo factory',
  intro:
    'No gateways yet? Start a simulated factory: six gateways, 41 sensors, a week of history, preset rules and a short story of alarms. Everything runs on this PC.',
  start: 'Start demo',
  starting: 'Starting…',
  remove: 'Remove demo',
  removing: 'Removing…',
  removeConfirm:
    'Remove every demo gateway, sensor, value, rule, alarm and timeline entry? Your own gateways and data stay.',
  running: 'The demo runs: {{gateways}} gateways, {{sensors}} sensors, since {{since}}.',
  stopped: 'Demo data is on this site ({{gateways}} gateways, {{sensors}} sensors); the demo does not run.',
  open: 'See the gateways →',
  or: 'Or try it first with a simulated factory:',
  noticeRunning: 'Demo running',
  noticeStopped: 'Demo data on this site',
  noticeText:
    '— {{gateways}} simulated gateways and {{sensors}} sensors. Remove the demo before using this site for real.',
  removed: 'Demo removed: {{gateways}} gateways, {{sensors}} sensors, {{rules}} rules, {{alarms}} alarms.',
};
