export {
  ATTEMPT_WINDOW_MS,
  MAX_ATTEMPTS,
  PAIRING_CODE_TTL_MS,
  PairingCodes,
  type PairingCode,
} from './pairing.js';
