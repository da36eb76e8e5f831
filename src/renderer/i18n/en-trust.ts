// English strings of the gateway trust settings: the site certificate and the plain-TCP allowance.
export const enTrust = {
  tlsTitle: 'Connect over TLS (recommended)',
  tlsIntro:
    'The gateway checks the site with this certificate and proves itself with its APIKEY. Save the certificate as {{caPath}} on the gateway and put these lines in its configuration:',
  saveCa:
    'First save the site certificate on the gateway as {{caPath}}: the gateway checks the site with it.',
  on443: 'The gateway HTTPS is on port 443, where the Thing+ gateway calls it.',
  download: 'Download certificate (ca-cert.pem)',
  fingerprint: 'SHA-256 fingerprint',
  names: 'Valid for',
  expires: 'Expires',
  port443:
    'The unchanged Thing+ gateway calls HTTPS on port 443, but this site serves port {{port}}: forward 443 to port {{port}}, or start the site with the right to open 443 (admin rights / CAP_NET_BIND_SERVICE).',
  httpsOff:
    'The gateway HTTPS listener is off (gatewayHttps.port): gateways cannot register sensors over TLS.',
  legacy: 'Allow plain TCP without credentials',
  legacyHint:
    'Only for devices that cannot do TLS. Anyone on the LAN who knows the gateway ID could act as it, so the allowance works only from one address.',
  legacyAddress: 'Only from address',
  legacyAddressHint: 'Empty: the first address that connects is kept.',
  legacyPinned: 'Plain TCP allowed only from {{address}}',
  legacyWaiting: 'Plain TCP allowed; the first address that connects will be kept',
  legacyNotice:
    'This gateway kept its plain-TCP allowance when the site was upgraded. It now works only from one address. Check the setting below and save to confirm, or turn it off and configure TLS.',
};
