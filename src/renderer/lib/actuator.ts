// Pure actuator helpers. The catalogue (sensorTypes.json) is not served by the API, so the simple,
// option-less commands of the common Thing+ actuator types are listed here; everything else gets on/off.

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
