import { useState, type ReactNode } from 'react';
import type { z } from 'zod';
import type { CollectionName, CollectionTypes, WorkspaceState } from '@/lib/store';
import { usePagesEnv } from './env';
import { EntityForm, type FieldSpec } from './form';
import { Empty } from './Shell';
import { t } from './t';

interface Props<C extends CollectionName> {
  id: string;
  collection: C;
  heading: string;
  intro?: string;
  emptyText: string;
  addLabel: string;
  ws: WorkspaceState;
  fields: readonly FieldSpec[];
  schema: z.ZodType;
  idOf: (e: CollectionTypes[C]) => string;
  summary: (e: CollectionTypes[C]) => ReactNode;
  label: (e: CollectionTypes[C]) => string;
  prepare?: (draft: Record<string, unknown>) => Record<string, unknown>;
  /** Extra per-row actions (KPI source access). */
  rowActions?: (e: CollectionTypes[C]) => ReactNode;
  extraCheck?: (data: CollectionTypes[C]) => Record<string, string>;
}

/** A list of one collection's entries with add / edit / delete, each entry validated with its schema. */
export function EntitySection<C extends CollectionName>(p: Props<C>) {
  const env = usePagesEnv();
  const [editing, setEditing] = useState<string | null>(null); // id, or '' for a new entry
  const [status, setStatus] = useState('');
  const list = p.ws[p.collection] as CollectionTypes[C][];
  const managed = new Set(p.ws.managed[p.collection] ?? []);
  const headingId = `${p.id}-heading`;
  const save = async (data: CollectionTypes[C]) => {
    await env.store.put(p.collection, data as never);
    setEditing(null);
    setStatus(t('pages.common.saved', [p.label(data)]));
  };
  const current = editing ? list.find((e) => p.idOf(e) === editing) : undefined;
  return (
    <section id={p.id} aria-labelledby={headingId} className="settings-section">
      <h2 id={headingId}>{p.heading}</h2>
      {p.intro && <p className="muted">{p.intro}</p>}
      {list.length === 0 ? (
        <Empty>{p.emptyText}</Empty>
      ) : (
        <table>
          <tbody>
            {list.map((e) => {
              const id = p.idOf(e);
              return (
                <tr key={id} data-row={id}>
                  <th scope="row">{p.label(e)}</th>
                  <td>{p.summary(e)}</td>
                  <td>
                    {managed.has(id) ? (
                      <span className="muted">{t('pages.common.managed')}</span>
                    ) : (
                      <div className="actions">
                        {p.rowActions?.(e)}
                        <button type="button" className="secondary" onClick={() => (setEditing(id), setStatus(''))} aria-label={t('pages.common.editNamed', [p.label(e)])}>
                          {t('pages.common.edit')}
                        </button>
                        <button
                          type="button"
                          className="danger"
                          aria-label={t('pages.common.deleteNamed', [p.label(e)])}
                          onClick={() => {
                            if (!globalThis.confirm || globalThis.confirm(t('pages.common.confirmDelete', [p.label(e)]))) {
                              void env.store.remove(p.collection, id).then(
                                () => setStatus(t('pages.common.deleted', [p.label(e)])),
                                (err: unknown) => setStatus(err instanceof Error ? err.message : String(err)),
                              );
                            }
                          }}
                        >
                          {t('pages.common.delete')}
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {editing === null ? (
        <div className="actions">
          <button type="button" onClick={() => (setEditing(''), setStatus(''))}>
            {p.addLabel}
          </button>
        </div>
      ) : (
        <EntityForm
          key={editing}
          title={current ? t('pages.common.editNamed', [p.label(current)]) : p.addLabel}
          fields={p.fields}
          schema={p.schema}
          initial={current}
          editing={!!current}
          prepare={p.prepare}
          onSave={(d) => save(d as CollectionTypes[C])}
          onCancel={() => setEditing(null)}
          check={(d) => {
            const data = d as CollectionTypes[C];
            const out: Record<string, string> = {};
            if (!current && list.some((e) => p.idOf(e) === p.idOf(data))) out[p.collection === 'itemMeta' ? 'key' : 'id'] = t('pages.errors.idTaken');
            return { ...out, ...(p.extraCheck?.(data) ?? {}) };
          }}
        />
      )}
      <p className="status" role="status">
        {status}
      </p>
    </section>
  );
}
