/**
 * One string per (gateway, sensor) for Maps and Sets. NUL cannot occur in a Thing+ id (topic rules
 * forbid control characters), so the key is unambiguous and `splitSensorKey` inverts it.
 */
export function sensorKey(gatewayId: string, sensorId: string): string {
  return `${gatewayId}\u0000${sensorId}`;
}

export function splitSensorKey(key: string): [gatewayId: string, sensorId: string] {
  const at = key.indexOf('\u0000');
  return [key.slice(0, at), key.slice(at + 1)];
}
