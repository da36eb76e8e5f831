// English strings of the charts: band, state steps, zoom and pan, time zone, dialogs (a part of en.ts).
export const enCharts = {
  min: 'min',
  max: 'max',
  band: '{{interval}} averages with min–max band',
  stateBuckets: '{{interval}} states (highest in each bucket)',
  zone: 'times in {{zone}}',
  zoneOf: { site: 'Times in the site’s zone, {{zone}}', browser: 'Times in this browser’s zone, {{zone}}' },
  zoneSwitch: 'switch to {{zone}}',
  pickDate: '{{label}}: date',
  pickHour: '{{label}}: hour',
  pickMinute: '{{label}}: minute',
  panBack: 'Earlier',
  panForward: 'Later',
  zoomOut: 'Zoom out',
  dragHint: 'Drag across the chart to zoom in.',
  axisPerUnit: 'One axis per unit',
};
