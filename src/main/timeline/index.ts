export { Timeline, MAX_TIMELINE_PAGE, type NewTimelineEntry, type TimelineQuery } from './timeline.js';
