import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SensorView } from '../../shared/model';
import { api, ApiRequestError, errorMessage } from '../net/client';
import { actuatorCommands } from '../lib/actuator';

type Result = { kind: 'ok'; text: string } | { kind: 'error'; text: string } | null;

/** on/off (or type-specific) command buttons for an actuator; shows the gateway's answer or the error. */
export function ActuatorControls({ sensor }: { sensor: SensorView }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<Result>(null);

  const send = async (cmd: string) => {
    setBusy(cmd);
    setResult(null);
    try {
      const res = await api.controlActuator({
        id: sensor.gatewayId,
        act: 'controlActuator',
        params: { id: sensor.id, cmd },
      });
      setResult({
        kind: 'ok',
        text: `${cmd}: ${res === undefined ? t('actuator.done') : JSON.stringify(res)}`,
      });
    } catch (e) {
      const text =
        e instanceof ApiRequestError && e.code === 'ES_RPC_TIMEOUT'
          ? t('actuator.timeout')
          : e instanceof ApiRequestError && e.code === 'ES_GATEWAY_OFFLINE'
            ? t('actuator.offline')
            : errorMessage(e);
      setResult({ kind: 'error', text: `${cmd}: ${text}` });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="actuator" onClick={(e) => e.stopPropagation()}>
      {actuatorCommands(sensor.type).map((cmd) => (
        <button
          key={cmd}
          type="button"
          className="btn btn-small"
          disabled={busy !== null}
          data-testid={`actuator-${sensor.id}-${cmd}`}
          onClick={() => void send(cmd)}
        >
          {busy === cmd ? '…' : t(`actuator.cmd.${cmd}`, { defaultValue: cmd })}
        </button>
      ))}
      {result && (
        <span
          className={`actuator-result ${result.kind === 'ok' ? 'text-ok' : 'text-bad'}`}
          title={result.text}
        >
          {result.text}
        </span>
      )}
    </div>
  );
}
