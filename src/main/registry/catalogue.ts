import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import _ from 'lodash';
import type { GatewayModelDef, SensorDriverDef, SensorTypeDef } from '../../shared/catalogue.js';

export type { GatewayModelDef, SensorDriverDef, SensorTypeDef };

/**
 * The Thing+ metadata catalogue (sensor types, drivers, gateway models), served to gateways as the Thing+
 * server did and used to validate sensors and actuator commands. Data: resources/thingplus-metadata
 * (Apache-2.0, Daliworks; see the NOTICE there).
 */
export interface Catalogue {
  sensorTypes: SensorTypeDef[];
  sensorDrivers: SensorDriverDef[];
  gatewayModels: GatewayModelDef[];
  sensorType(id: string): SensorTypeDef | undefined;
  sensorDriver(id: string): SensorDriverDef | undefined;
  gatewayModel(id: string): GatewayModelDef | undefined;
}

export const CATALOGUE_DIR = fileURLToPath(
  new URL('../../../resources/thingplus-metadata/', import.meta.url),
);

export function loadCatalogue(dir: string = CATALOGUE_DIR): Catalogue {
  const read = <T>(file: string): T[] => JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as T[];
  const sensorTypes = read<SensorTypeDef>('sensorTypes.json');
  const sensorDrivers = read<SensorDriverDef>('sensorDrivers.json');
  const gatewayModels = read<GatewayModelDef>('gatewayModels.json');
  const typesById = _.keyBy(sensorTypes, 'id');
  const driversById = _.keyBy(sensorDrivers, 'id');
  const modelsById = _.keyBy(gatewayModels, 'id');
  return {
    sensorTypes,
    sensorDrivers,
    gatewayModels,
    sensorType: (id) => typesById[id],
    sensorDriver: (id) => driversById[id],
    gatewayModel: (id) => modelsById[id],
  };
}
