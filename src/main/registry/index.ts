export {
  Registry,
  type GatewayInput,
  type GatewayPatch,
  type DeviceInput,
  type SensorInput,
  type RegistryEvents,
} from './registry.js';
export {
  loadCatalogue,
  type Catalogue,
  type SensorTypeDef,
  type GatewayModelDef,
  type SensorDriverDef,
} from './catalogue.js';
export { newApiKey, hashApiKey, apiKeyMatches } from './apikey.js';
