export { MQTT_SERVICE, SITE_SERVICE, SiteMdns, type MdnsOptions, type SiteAdvert } from './mdns.js';
