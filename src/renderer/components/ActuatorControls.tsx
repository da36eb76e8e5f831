import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SensorView } from '../../shared/model';
import { api, ApiRequestError, errorMessage } from '../net/client';
import { useSensorTypes } from '../hooks/useSensorTypes';
import type { CommandDef, OptionError, OptionInputs } from '../lib/catalogue';
import { buildOptions, commandsFor, initialOptionInputs } from '../lib/catalogue';
import { answerText } from '../lib/names';

type Result = { kind: 'ok'; text: string } | { kind: 'error'; text: string } | null;

/**
 * One button per command of the actuator's type (from the Thing+ catalogue). A command without options is
 * sent at once; one with options opens a small form validated by the option definitions. Shows the
 * gateway's answer or the error.
 */
export function ActuatorControls({ sensor }: { sensor: SensorView }) {
  const { t } = useTranslation();
  const types = useSensorTypes();
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<Result>(null);
  const [open, setOpen] = useState<string | null>(null);
  const commands = commandsFor(sensor.type, types);
  const openCommand = commands.find((c) => c.cmd === open) ?? null;

  const send = async (cmd: string, options?: Record<string, unknown>) => {
    setBusy(cmd);
    setResult(null);
    try {
      const res = await api.controlActuator({
        id: sensor.gatewayId,
        act: 'controlActuator',
        params: { id: sensor.id, cmd, ...(options && Object.keys(options).length ? { options } : {}) },
      });
      setResult({
        kind: 'ok',
        text: `${t(`actuator.cmd.${cmd}`, { defaultValue: cmd })}: ${answerText(res, t)}`,
      });
      setOpen(null);
    } catch (e) {
      const text =
        e instanceof ApiRequestError && e.code === 'ES_RPC_TIMEOUT'
          ? t('actuator.timeout')
          : e instanceof ApiRequestError && e.code === 'ES_GATEWAY_OFFLINE'
            ? t('actuator.offline')
            : errorMessage(e);
      setResult({ kind: 'error', text: `${t(`actuator.cmd.${cmd}`, { defaultValue: cmd })}: ${text}` });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="actuator-box" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      <div className="actuator">
        {commands.map(({ cmd, options }) => (
          <button
            key={cmd}
            type="button"
            className={`btn btn-small ${open === cmd ? 'btn-active' : ''}`}
            disabled={busy !== null}
            data-testid={`actuator-${sensor.id}-${cmd}`}
            aria-expanded={options.length > 0 ? open === cmd : undefined}
            title={options.length > 0 ? t('actuator.withOptions') : undefined}
            onClick={() => {
              if (options.length === 0) void send(cmd);
              else setOpen((o) => (o === cmd ? null : cmd));
            }}
          >
            {busy === cmd ? '…' : t(`actuator.cmd.${cmd}`, { defaultValue: cmd })}
            {options.length > 0 ? ' …' : ''}
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
      {openCommand && (
        <CommandForm
          key={openCommand.cmd}
          sensorId={sensor.id}
          command={openCommand}
          busy={busy !== null}
          onSend={(options) => void send(openCommand.cmd, options)}
          onCancel={() => setOpen(null)}
        />
      )}
    </div>
  );
}

function CommandForm({
  sensorId,
  command,
  busy,
  onSend,
  onCancel,
}: {
  sensorId: string;
  command: CommandDef;
  busy: boolean;
  onSend: (options: Record<string, unknown>) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [inputs, setInputs] = useState<OptionInputs>(() => initialOptionInputs(command.options));
  const [errors, setErrors] = useState<OptionError[]>([]);
  const id = (name: string) => `actuator-${sensorId}-${command.cmd}-opt-${name}`;
  const errorText = (e: OptionError) =>
    e.kind === 'min' || e.kind === 'max'
      ? t(`actuator.error.${e.kind}`, { limit: e.limit })
      : t(`actuator.error.${e.kind}`);

  return (
    <form
      className="actuator-form"
      noValidate
      data-testid={`actuator-${sensorId}-${command.cmd}-form`}
      onSubmit={(e) => {
        e.preventDefault();
        const built = buildOptions(command.options, inputs);
        setErrors(built.errors);
        if (built.errors.length === 0) onSend(built.options);
      }}
    >
      {command.options.map((def) => {
        const err = errors.find((e) => e.name === def.name);
        const value = inputs[def.name];
        return (
          <label key={def.name} className="actuator-option">
            <span>
              {def.name}
              {def.required ? ' *' : ''}
              {def.unit ? <span className="muted"> ({def.unit})</span> : null}
            </span>
            {def.type === 'checkbox' ? (
              <input
                type="checkbox"
                data-testid={id(def.name)}
                checked={value === true}
                onChange={(e) => setInputs((v) => ({ ...v, [def.name]: e.target.checked }))}
              />
            ) : (
              <input
                type={def.type === 'number' ? 'number' : 'text'}
                data-testid={id(def.name)}
                value={typeof value === 'string' ? value : ''}
                min={def.min}
                max={def.max}
                step="any"
                required={def.required}
                aria-invalid={err ? true : undefined}
                placeholder={
                  def.type === 'number' && (def.min !== undefined || def.max !== undefined)
                    ? `${def.min ?? ''}…${def.max ?? ''}`
                    : undefined
                }
                onChange={(e) => setInputs((v) => ({ ...v, [def.name]: e.target.value }))}
              />
            )}
            {err && <span className="text-bad small">{errorText(err)}</span>}
          </label>
        );
      })}
      <div className="actuator-form-actions">
        <button
          type="submit"
          className="btn btn-small btn-primary"
          disabled={busy}
          data-testid={`actuator-${sensorId}-${command.cmd}-send`}
        >
          {t('actuator.send')}
        </button>
        <button type="button" className="btn btn-small" onClick={onCancel}>
          {t('actuator.cancel')}
        </button>
      </div>
    </form>
  );
}
