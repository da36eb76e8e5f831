import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { GatewayView } from '../../../shared/model';
import { ConnectionBadge, StatusBadge } from '../Badges';
import { useRowWindow } from '../../hooks/useRowWindow';
import { formatTime } from '../../lib/format';
import './gateway-table.css';

/** The fixed height of a row (two lines: name and id), kept by gateway-table.css; windowing relies on it. */
export const GATEWAY_ROW_HEIGHT = 52;
/** Below this many rows the whole list is drawn: windowing only pays off for a large site. */
const WINDOW_FROM = 100;

/** Arrow keys walk the rows; the window follows the focused row, so every gateway is reachable by keyboard. */
function onRowKey(e: KeyboardEvent<HTMLTableRowElement>, open: () => void): void {
  if (e.key === 'Enter') return open();
  const next =
    e.key === 'ArrowDown'
      ? e.currentTarget.nextElementSibling
      : e.key === 'ArrowUp'
        ? e.currentTarget.previousElementSibling
        : null;
  if (next instanceof HTMLTableRowElement && next.tabIndex === 0) {
    e.preventDefault();
    next.focus();
  }
}

/**
 * The gateway list. A site of 1 000 gateways draws only the rows in its scroll box (plus a few either
 * side), with empty rows standing for the rest so the scrollbar is the list's true length.
 */
export function GatewayTable({
  gateways,
  modelName,
}: {
  gateways: readonly GatewayView[];
  modelName: (id: string) => string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const windowed = gateways.length >= WINDOW_FROM;
  const win = useRowWindow(windowed ? gateways.length : 0, GATEWAY_ROW_HEIGHT);
  const [start, end] = windowed ? [win.start, win.end] : [0, gateways.length];
  const pad = (height: number, key: string) =>
    height > 0 ? (
      <tr className="gw-pad" aria-hidden="true" key={key} style={{ height }}>
        <td colSpan={6} />
      </tr>
    ) : null;

  return (
    <div
      className={windowed ? 'gw-scroll' : undefined}
      ref={windowed ? win.ref : undefined}
      onScroll={windowed ? win.onScroll : undefined}
      data-testid="gateway-list"
      data-count={gateways.length}
    >
      <table className="table table-hover gw-table" aria-rowcount={gateways.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            <th>{t('gateway.name')}</th>
            <th className="col-opt">{t('gateway.model')}</th>
            <th>{t('gateway.connection')}</th>
            <th className="col-opt">{t('gateway.since')}</th>
            <th>{t('gateway.status')}</th>
            <th className="num col-opt2">{t('gateway.sensors')}</th>
          </tr>
        </thead>
        <tbody>
          {pad(windowed ? win.padTop : 0, 'top')}
          {gateways.slice(start, end).map((g, i) => {
            const open = () => void navigate(`/gateways/${encodeURIComponent(g.id)}`);
            return (
              <tr
                key={g.id}
                data-testid={`gateway-row-${g.id}`}
                className="clickable gw-row"
                aria-rowindex={start + i + 2}
                tabIndex={0}
                onClick={open}
                onKeyDown={(e) => onRowKey(e, open)}
              >
                <td title={g.id}>
                  <div className="gw-name">{g.name || g.id}</div>
                  <div className="mono muted small ellipsis">{g.id}</div>
                </td>
                <td title={g.model} className="col-opt">
                  {modelName(g.model)}
                </td>
                <td>
                  <ConnectionBadge gateway={g} />
                </td>
                <td className="nowrap muted col-opt">{formatTime(g.connection.since)}</td>
                <td>
                  <StatusBadge status={g.status} />
                </td>
                <td className="num col-opt2">{g.sensors.length}</td>
              </tr>
            );
          })}
          {pad(windowed ? win.padBottom : 0, 'bottom')}
        </tbody>
      </table>
    </div>
  );
}
