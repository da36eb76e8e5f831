// The demo site's API shapes (`/api/v1/demo`), shared by the services and the console.

/** `GET /api/v1/demo` (and the answer of `POST`) */
export interface DemoStatus {
  /** simulated gateways are connected and the story runs */
  running: boolean;
  /** demo gateways on the site (also when stopped: removable) */
  gateways: number;
  sensors: number;
  /** when the running demo started (ms), null when it does not run */
  startedAt: number | null;
}

/** `POST /api/v1/demo` body, all optional */
export interface DemoStartRequest {
  /** the story clock's speed (1 = the story takes five minutes; 20 = fifteen seconds) */
  speed?: number;
  /** IANA timezone of the preset rules ("after hours") and of the shifts; default the site's */
  timezone?: string;
}

/** `DELETE /api/v1/demo`: what was removed */
export interface DemoRemoved {
  gateways: number;
  sensors: number;
  rules: number;
  alarms: number;
  timeline: number;
}
