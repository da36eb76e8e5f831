export { DemoService, loopbackEndpoints, utcOffsetMinutes, type DemoDeps } from './demo.js';
export { DEMO_GATEWAY_IDS, DEMO_SENSOR_COUNT, PLANT, STORY } from './plant.js';
