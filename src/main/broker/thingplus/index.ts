// The Thing+ gateway protocol codec (shared/docs/thingplus-gateway-protocol.md §1–4): pure, synchronous
// parsing and building of topics and payloads, plus the RPC correlation client.
export { type ProtocolError, type ProtocolErrorKind } from './errors.js';
export {
  type ThingplusTopic,
  type ThingplusTopicKind,
  MAX_ID_LENGTH,
  parseTopic,
  formatTopic,
  topics,
  isValidGatewayId,
  isValidSensorId,
} from './topics.js';
export { gatewayMayPublish, gatewayMaySubscribe } from './acl.js';
export { type DecodePayloadOptions, type DecodedPayload, decodePayload, isGzip } from './payload.js';
export {
  type ParseValuesOptions,
  type ParsedValues,
  type ParsedGatewayValues,
  type SensorPoints,
  MIN_VALUE_TIME,
  MAX_VALUE_TIME_AHEAD_MS,
  parseSensorValues,
  parseGatewayValues,
} from './values.js';
export {
  fastGatewayPacked,
  fastGatewayValues,
  fastSensorPacked,
  fastSensorValues,
  mergeRepeated,
} from './fast-values.js';
export { type CoerceResult, coerceValue, parseNumeric } from './coerce.js';
export { type SensorTypeDef, type CommandParamDef } from './sensor-types.js';
export {
  type GatewayStatusResult,
  type SensorStatusResult,
  type SensorReportedStatus,
  type ParsedStatusWord,
  ABSOLUTE_EXPIRY_THRESHOLD,
  parseGatewayStatus,
  parseSensorStatus,
  parseMqttStatus,
  parseStatusWord,
  parseDuration,
  resolveExpiry,
  effectiveStatus,
} from './status.js';
export {
  type RpcResponse,
  type RpcErrorObject,
  RPC_ERROR_CODES,
  RPC_ID_LENGTH,
  RESTART_METHODS,
  newRpcId,
  buildRpcRequest,
  parseRpcResponse,
  isRestartAck,
} from './rpc.js';
export {
  type RpcSend,
  type RpcClientOptions,
  type RpcCallOptions,
  type RpcClientStats,
  DEFAULT_RPC_TIMEOUT_MS,
  RpcClient,
  RpcError,
  RpcTimeoutError,
  RpcRemoteError,
  RpcCancelledError,
} from './rpc-client.js';
export { type ActuatorValidation, validateActuatorCommand } from './actuator.js';
export { type GatewayLogEntry, type GatewayLogLevel, parseGatewayLog } from './gateway-log.js';
