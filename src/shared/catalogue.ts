// Shapes of the Thing+ metadata catalogue (resources/thingplus-metadata, Apache-2.0, Daliworks), loosely
// typed so that every entry of the real JSON fits. Used by the services (validation) and the console.

/** One option of an actuator command, e.g. `{"name":"duration","type":"number","required":false,"min":100}`. */
export interface CommandParamDef {
  name: string;
  /** "number", "text" or "checkbox" in the catalogue */
  type?: string;
  required?: boolean;
  default?: unknown;
  min?: number;
  max?: number;
  unit?: string;
}

export interface SensorTypeDef {
  id: string;
  unit?: string;
  /** value type: "number" | "string" | "boolean" | "object" */
  type?: string;
  category?: string;
  decimalPlace?: number;
  chart?: { drawable?: boolean; dataType?: string };
  /** the legal values of enumerated types, e.g. [0, 1] for onoff */
  values?: unknown[];
  /** actuator commands → their options */
  commands?: Record<string, CommandParamDef[]>;
  [key: string]: unknown;
}

export interface SensorDriverDef {
  id: string;
  [key: string]: unknown;
}

export interface GatewayModelDef {
  id: string;
  model?: string;
  displayName?: string;
  deviceModels?: Array<{ id: string; [key: string]: unknown }>;
  [key: string]: unknown;
}
