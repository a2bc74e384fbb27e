import { useId, type ReactNode } from 'react';
import '@/styles/data-table.css';

export type DataTableColumn<Row> = {
  /** Stable key of the column. */
  key: string;
  /** The column's heading (also shown beside each value when rows stack on a phone). */
  header: ReactNode;
  /** The cell of one row. */
  cell: (row: Row) => ReactNode;
  /** Right-aligned numbers. */
  numeric?: boolean;
  /** The row's own name (a `<th scope="row">`), e.g. the user's name. At most one column. */
  rowHeader?: boolean;
};

type DataTableProps<Row> = {
  /** What the table holds; its caption, which names the table (visually hidden if `hideCaption`). */
  caption: ReactNode;
  hideCaption?: boolean;
  columns: DataTableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Shown in place of the body when there are no rows. */
  empty?: ReactNode;
  className?: string;
};

/**
 * A real `<table>` (caption, column headers, an optional row header) for the dashboard's lists
 * and for the figures behind its charts. Below 40 rem wide the rows stack as small cards, each
 * value preceded by its column's heading (CSS only: the markup stays a table for assistive
 * technology). `data-label` carries the heading text when the header is a plain string.
 */
export function DataTable<Row>({
  caption,
  hideCaption,
  columns,
  rows,
  rowKey,
  empty,
  className,
}: DataTableProps<Row>) {
  const captionId = useId();
  return (
    <div className={['ui-table', className].filter(Boolean).join(' ')}>
      <table className="ui-table__table" aria-labelledby={captionId}>
        <caption id={captionId} className={hideCaption ? 'visually-hidden' : 'ui-table__caption'}>
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={column.numeric ? 'ui-table__numeric' : undefined}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty ? (
            <tr>
              <td colSpan={columns.length} className="ui-table__empty">
                {empty}
              </td>
            </tr>
          ) : null}
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => {
                const props = {
                  className: column.numeric ? 'ui-table__numeric' : undefined,
                  'data-label': typeof column.header === 'string' ? column.header : undefined,
                };
                return column.rowHeader ? (
                  <th key={column.key} scope="row" {...props}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.key} {...props}>
                    {column.cell(row)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
