// Pure actuator helpers: the fallback when the sensor type catalogue (GET /api/v1/sensorTypes, see
// lib/catalogue.ts) is not loaded or has no commands for a type: the simple, option-less commands of the
// common Thing+ actuator types; everything else gets on/off.

const COMMANDS: Record<string, string[]> = {
  camera: ['snapPicture'],
  lockUnlock: ['lock', 'unlock'],
  powerController: ['on', 'off', 'get'],
  temperatureController: ['get'],
};

/** Simple command buttons offered for an actuator type. */
export function actuatorCommands(type: string): string[] {
  return COMMANDS[type] ?? ['on', 'off'];
}
