/**
 * The one command a technician runs on each Thing+ Gateway (Node.js) to point it at this site:
 * `curl -fsS http://{host}:{port}/thingplus-setup.sh | sh`. It replaces "open config/default.json, find
 * the Server section, paste, mind the commas, restart" — the slowest part of setting up a site.
 *
 * The gateway reads its settings with node-config: `config/default.json`, overridden by `runtime.json`
 * (documented as the place for overrides) and `local.json`. The script sets `Server.mqtt`/`Server.service`
 * in every one of those that has a Server section (the default file when none has), so no override hides
 * the change, keeps every other setting, and removes `Server.APIKEY`: over plain TCP the gateway sends no
 * key, and with one set it would call https on 443 instead of the configured REST port (protocol §1).
 *
 * The JSON edit runs in the gateway's own `node` (it is a Node.js program, so node is there; ES5 only,
 * the gateway ships old Node releases). The body is one function called on the last line, so a
 * `curl | sh` cut off mid-download runs nothing, and the restart cannot read the rest of the script from
 * the pipe.
 */

export interface SetupScriptTarget {
  /** the host the gateway should connect to (the one it fetched the script from) */
  host: string;
  /** plain MQTT; null when the site does not listen for it (then the script only explains) */
  mqttPort: number | null;
  /** the gateway-facing REST over plain HTTP */
  restPort: number | null;
  siteVersion: string;
}

/** A host name or address safe to write into a shell script and a JSON string. */
export function scriptHost(hostname: string | undefined): string | null {
  if (!hostname) return null;
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  if (/^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})$/.test(bare)) return bare;
  if (/^[0-9A-Fa-f:.]{2,45}$/.test(bare) && bare.includes(':')) return bare;
  return null;
}

function failingScript(message: string): string {
  return `#!/bin/sh\n# Edge Site: this site cannot set up a Thing+ Gateway this way.\nprintf 'Edge Site: %s\\n' ${shellQuote(message)} >&2\nexit 1\n`;
}

/** The script's JSON edit, run by the gateway's node with EDGE_CONF and EDGE_SERVER in its environment. */
const EDIT_CONFIG_JS = String.raw`
var fs = require("fs");
var dir = process.env.EDGE_CONF, server = JSON.parse(process.env.EDGE_SERVER);
var files = [], parsed = {}, id = "";
["default.json", "runtime.json", "local.json"].forEach(function (name) {
  var f = dir + "/" + name;
  if (!fs.existsSync(f)) return;
  var text = fs.readFileSync(f, "utf8"), c;
  try { c = text.trim() ? JSON.parse(text) : {}; } catch (e) {
    console.error("Edge Site: " + f + " is not plain JSON (" + e.message + "). Nothing was changed: put the Server section in by hand.");
    process.exit(3);
  }
  parsed[f] = { c: c, text: text };
  if (c.Gateway && c.Gateway.id) id = String(c.Gateway.id);
  if (c.Server) files.push(f);
});
if (!files.length) files.push(fs.existsSync(dir + "/default.json") ? dir + "/default.json" : dir + "/runtime.json");
var done = [];
files.forEach(function (f) {
  var p = parsed[f] || { c: {}, text: null }, s = p.c.Server || {};
  delete s.APIKEY;
  ["mqtt", "service"].forEach(function (k) {
    var o = s[k] || {};
    for (var q in server[k]) o[q] = server[k][q];
    s[k] = o;
  });
  p.c.Server = s;
  if (p.text !== null && !fs.existsSync(f + ".before-edge-site")) fs.writeFileSync(f + ".before-edge-site", p.text);
  fs.writeFileSync(f + ".edge-site-new", JSON.stringify(p.c, null, 2) + "\n");
  fs.renameSync(f + ".edge-site-new", f);
  done.push(f.slice(dir.length + 1));
});
// one line: which gateway now goes where, in which files (each old one kept beside it)
console.log("Edge Site: gateway " + (id || "(no id in its config)") + " \u2192 " + server.mqtt.host + " in " + dir + "/" +
  done.join(", ") + " (old: *.before-edge-site)");
`;

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The script for one target; a script that only explains when plain MQTT or REST is off. */
export function thingplusSetupScript(t: SetupScriptTarget): string {
  if (t.mqttPort === null || t.restPort === null)
    return failingScript(
      'plain MQTT or the gateway REST port is off on this site. Set each gateway up over TLS from its page in the console.',
    );
  const server = {
    mqtt: { host: t.host, port: t.mqttPort, protocol: 'mqtt' },
    service: { host: t.host, port: t.restPort, protocol: 'http' },
  };
  const mqttUrl = `mqtt://${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.mqttPort}`;
  const restUrl = `http://${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.restPort}`;
  return `#!/bin/sh
# Edge Site ${t.siteVersion}: points this Thing+ Gateway at the site.
#   MQTT ${mqttUrl} (plain TCP: the gateway sends no key; the site lets it in once it is added)
#   REST ${restUrl}
# It finds the gateway's config directory, sets the "Server" section of its config (each file as it was
# is kept beside it as <file>.before-edge-site), removes a Server.APIKEY, and restarts the gateway.
# Nothing else is changed, and running it again does no harm.
# Environment: THINGPLUS_DIR=<the gateway's directory> when it is not found; EDGE_SITE_NO_RESTART=1.

edge_site_setup() {
  SERVER=${shellQuote(JSON.stringify(server))}
  say() { printf 'Edge Site: %s\\n' "$*"; }
  fail() { printf 'Edge Site: %s\\n' "$*" >&2; exit 1; }

  NODE=$(command -v node || command -v nodejs || true)
  [ -n "$NODE" ] || fail "no node here, so this is not a Thing+ Gateway (Node.js). Set its Server section by hand: the site's first-run guide shows it."

  ROOT=
  CONF=
  for d in \${THINGPLUS_DIR:+"$THINGPLUS_DIR"} "$PWD" "\${HOME:-/root}/thingplus" /opt/thingplus /root/thingplus /home/*/thingplus; do
    for c in "$d/config" "$d/thingplus-gateway/config"; do
      if [ -f "$c/default.json" ] || [ -f "$c/runtime.json" ]; then
        ROOT=$d
        CONF=$c
        break 2
      fi
    done
  done
  [ -n "$CONF" ] || fail "no Thing+ Gateway config found (config/default.json in the current directory, ~/thingplus or /opt/thingplus). Run this in the gateway's directory, or with THINGPLUS_DIR=<its directory>."

  EDGE_CONF=$CONF EDGE_SERVER=$SERVER "$NODE" -e ${shellQuote(EDIT_CONFIG_JS.trim())} || exit 1

  LOG=\${TMPDIR:-/tmp}/edge-site-restart.$$
  if [ "\${EDGE_SITE_NO_RESTART:-}" = 1 ]; then
    say "not restarted (EDGE_SITE_NO_RESTART=1): restart it to use the site."
  elif [ -x "$ROOT/thingplus.sh" ]; then
    say "restarting it (thingplus.sh restart)"
    "$ROOT/thingplus.sh" restart </dev/null >"$LOG" 2>&1 || { cat "$LOG" >&2; fail "the restart failed (above): restart the gateway by hand."; }
  elif UNIT=$(systemctl list-unit-files 2>/dev/null | awk '$1 ~ /^thingplus.*\\.service$/ { print $1; exit }') && [ -n "$UNIT" ]; then
    say "restarting it (systemctl restart $UNIT)"
    systemctl restart "$UNIT" </dev/null || fail "the restart failed: restart the gateway by hand."
  elif [ -x /etc/init.d/thingplus ]; then
    say "restarting it (/etc/init.d/thingplus restart)"
    /etc/init.d/thingplus restart </dev/null >"$LOG" 2>&1 || { cat "$LOG" >&2; fail "the restart failed (above): restart the gateway by hand."; }
  else
    say "restart the gateway now to use the site."
  fi
  rm -f "$LOG"
  say "done: it shows in the site's guide within a minute."
}

edge_site_setup
`;
}
