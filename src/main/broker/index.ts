export { startBroker, type Broker, type BrokerOptions } from './broker.js';
export { Ingest, type IngestOptions } from './ingest.js';
export { GatewayLink, type GatewayLogLine, type GatewaySender } from './gateway-link.js';
export { decideConnect, CONNACK } from './auth.js';
export { loadTlsCredentials, siteNames, type TlsCredentials } from './tls.js';
export { validateActuatorCommand } from './thingplus/actuator.js';
