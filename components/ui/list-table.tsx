import type { ReactNode } from "react";
import { TableWrap } from "./table-wrap";

/**
 * One column of a ListTable: a key unique in the table (React's key for its header and cells, so two
 * columns may share a header), its header (read aloud only, when `srOnly`) and how a row fills its cell.
 */
export type Column<Row> = { key: string; header: string; srOnly?: boolean; className?: string; cell: (row: Row) => ReactNode };

/** Rows that can be ticked: the checkbox column ListTable puts first (see useSelection). */
export type RowSelection = { selected: ReadonlySet<string>; toggle: (id: string) => void; label: (id: string) => string };

/**
 * The console's one list table (holds, findings, history search, webhooks…): a labelled region that
 * scrolls sideways on narrow windows, a header row, one row per item, an optional selection column.
 * Empty, loading and error states stay with the caller, which knows what to say.
 */
export function ListTable<Row>({
  label,
  rows,
  rowKey,
  columns,
  testId,
  rowTestId,
  selection,
}: {
  label: string;
  rows: Row[];
  rowKey: (row: Row) => string;
  columns: Column<Row>[];
  testId?: string;
  rowTestId?: string;
  selection?: RowSelection;
}) {
  return (
    <TableWrap label={label}>
      <table data-testid={testId}>
        <thead>
          <tr>
            {selection ? (
              <th>
                <span className="sr-only">Select</span>
              </th>
            ) : null}
            {columns.map((column) => (
              <th key={column.key}>{column.srOnly ? <span className="sr-only">{column.header}</span> : column.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const id = rowKey(row);
            return (
              <tr key={id} data-testid={rowTestId}>
                {selection ? (
                  <td>
                    <input type="checkbox" aria-label={selection.label(id)} checked={selection.selected.has(id)} onChange={() => selection.toggle(id)} />
                  </td>
                ) : null}
                {columns.map((column) => (
                  <td key={column.key} className={column.className}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}
