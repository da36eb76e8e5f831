// The parts of a sensor type (shared/thingplus-metadata/sensorTypes.json, protocol §4 and §7) this codec
// reads. src/shared/model.ts has no sensor-type type yet, so it is defined here, loosely enough that a
// parsed sensorTypes.json entry fits.

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
  /** value type: "number" | "string" | "boolean" | "object" */
  type?: string;
  category?: string;
  /** the legal values of enumerated types, e.g. [0, 1] for onoff, [0, 1, 2, 3] for sleepStage */
  values?: unknown[];
  /** actuator commands → their options */
  commands?: Record<string, CommandParamDef[]>;
  [key: string]: unknown;
}
