// English descriptions of the site's error kinds (metrics `kind`), shown on Site internals with the site's own
// message in the tooltip (a part of en.ts).
export const enErrors = {
  acl: {
    publish: 'A gateway published outside its own topics',
    subscribe: 'A gateway subscribed outside its own topics',
  },
  auth: {
    badClientId: 'A client connected with an id that is not a gateway id',
    badCredentials: 'A gateway connected with a wrong APIKEY',
    credentialsRequired: 'A gateway connected without credentials (its plain-TCP allowance is off)',
    legacyAddress: 'A gateway without credentials connected from an address other than its pinned one',
    legacyTakeover: "A second client tried to take over a gateway's session from another address",
    rateLimited: 'Too many failed connections from one address: refused for a while',
    unknownGateway: 'An unregistered gateway knocked (listed as pending)',
  },
  disk: {
    full: 'The disk is full',
    low: 'Disk space is low',
    thinned: 'The oldest raw values were thinned to free disk space',
  },
  mqtt: {
    connection: 'An MQTT connection failed',
    publish: 'A message to a gateway could not be sent',
  },
  payload: {
    tooLarge: 'A message was larger than the site accepts',
    gzip: 'A compressed message could not be unpacked',
    malformed: 'A message could not be read',
  },
  pair: {
    incomplete: 'A value came without its time or value',
  },
  rpc: {
    timeSync: "A gateway's clock could not be synchronised",
  },
  sensor: {
    unknown: 'Values came for a sensor that is not registered',
  },
  sensorId: {
    invalid: 'A message named an invalid sensor id',
  },
  status: {
    invalid: 'A status message could not be read',
  },
  storage: {
    append: 'Values could not be stored',
    status: 'A status could not be stored',
  },
  time: {
    invalid: 'A value came with an impossible time',
  },
  topic: {
    unknown: 'A message came on an unknown topic',
  },
  value: {
    invalid: "A value did not fit its sensor's type",
  },
  duration: {
    invalid: 'A status came with an invalid duration',
  },
};
