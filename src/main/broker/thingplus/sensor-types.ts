// The parts of a sensor type (resources/thingplus-metadata/sensorTypes.json, protocol §4 and §7) this codec
// reads; the shapes live in src/shared/catalogue.ts so the services and the console share them.
export type { CommandParamDef, SensorTypeDef } from '../../../shared/catalogue.js';
