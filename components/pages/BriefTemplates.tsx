import { useState, type FormEvent } from 'react';
import { BriefTemplateSchema, type BriefTemplate } from '@/lib/core/schemas';
import type { WorkspaceState } from '@/lib/store';
import { usePagesEnv } from './env';
import { issueText, splitList } from './form';
import { Empty } from './Shell';
import { t } from './t';

interface Row {
  id: string;
  label: string;
  synonyms: string;
  nativeField: string;
}

function ErrorText({ id, list }: { id: string; list: string[] | undefined }) {
  if (!list?.length) return null;
  return (
    <p id={id} className="error" role="alert">
      {list.join(' ')}
    </p>
  );
}

function Editor({ initial, existingIds, onDone }: { initial?: BriefTemplate; existingIds: string[]; onDone: (msg: string) => void }) {
  const env = usePagesEnv();
  const [id, setId] = useState(initial?.id ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [rows, setRows] = useState<Row[]>(
    initial?.fields.map((f) => ({ id: f.id, label: f.label, synonyms: f.synonyms.join('\n'), nativeField: f.nativeField ?? '' })) ?? [{ id: '', label: '', synonyms: '', nativeField: '' }],
  );
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const err = (k: string) => errors[k];
  const aria = (k: string) => (errors[k]?.length ? { 'aria-invalid': true as const, 'aria-describedby': `bt-${k}-error` } : {});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const draft = {
      id: id.trim(),
      name: name.trim(),
      builtin: initial?.builtin ?? false,
      fields: rows.map((r) => ({ id: r.id.trim(), label: r.label.trim(), synonyms: splitList(r.synonyms), ...(r.nativeField ? { nativeField: r.nativeField } : {}) })),
    };
    const parsed = BriefTemplateSchema.safeParse(draft);
    const out: Record<string, string[]> = {};
    const push = (k: string, m: string) => (out[k] ??= []).push(m);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [a, b, c, d] = issue.path;
        if (a === 'fields' && typeof b === 'number' && typeof c === 'string') {
          const key = `fields.${b}.${c}`;
          if (c === 'synonyms' && typeof d === 'number') push(key, t('pages.errors.entry', [String(d + 1), draft.fields[b]?.synonyms[d] ?? '', issueText(issue)]));
          else push(key, issueText(issue, c === 'id' ? { path: 'id', label: '', kind: 'text', format: t('pages.errors.id') } : undefined));
        } else if (a === 'id') push('id', issueText(issue, { path: 'id', label: '', kind: 'text', format: t('pages.errors.id') }));
        else push(String(a ?? 'fields'), issueText(issue));
      }
    }
    if (!initial && existingIds.includes(draft.id)) push('id', t('pages.errors.idTaken'));
    const seen = new Set<string>();
    draft.fields.forEach((f, i) => {
      if (f.id && seen.has(f.id)) push(`fields.${i}.id`, t('pages.errors.idTaken'));
      seen.add(f.id);
    });
    setErrors(out);
    if (Object.keys(out).length || !parsed.success) {
      const first = Object.keys(out)[0];
      if (first) document.getElementById(`bt-${first}`)?.focus();
      return;
    }
    await env.store.put('briefTemplates', parsed.data);
    onDone(t('pages.common.saved', [parsed.data.name]));
  };
  return (
    <form className="entity-form" onSubmit={(e) => void submit(e)} noValidate aria-label={initial ? t('pages.common.editNamed', [initial.name]) : t('pages.briefs.add')}>
      <div className="field">
        <label htmlFor="bt-id">{t('pages.fields.id')}</label>
        <input id="bt-id" value={id} disabled={!!initial} onChange={(e) => setId(e.target.value)} {...aria('id')} />
        <ErrorText id="bt-id-error" list={err('id')} />
      </div>
      <div className="field">
        <label htmlFor="bt-name">{t('pages.fields.name')}</label>
        <input id="bt-name" value={name} onChange={(e) => setName(e.target.value)} {...aria('name')} />
        <ErrorText id="bt-name-error" list={err('name')} />
      </div>
      <ErrorText id="bt-fields-error" list={err('fields')} />
      {rows.map((r, i) => {
        const set = (patch: Partial<Row>) => setRows((old) => old.map((x, j) => (j === i ? { ...x, ...patch } : x)));
        return (
          <fieldset key={i} className="field">
            <legend>{t('pages.briefs.field', [String(i + 1)])}</legend>
            {(['id', 'label', 'synonyms'] as const).map((k) => {
              const key = `fields.${i}.${k}`;
              const label = k === 'id' ? t('pages.fields.id') : k === 'label' ? t('pages.briefs.label') : t('pages.briefs.synonyms');
              return (
                <div key={k} className="field">
                  <label htmlFor={`bt-${key}`}>{label}</label>
                  {k === 'synonyms' ? (
                    <textarea id={`bt-${key}`} rows={2} value={r.synonyms} onChange={(e) => set({ synonyms: e.target.value })} {...aria(key)} />
                  ) : (
                    <input id={`bt-${key}`} value={r[k]} onChange={(e) => set({ [k]: e.target.value })} {...aria(key)} />
                  )}
                  {k === 'synonyms' && <p className="hint">{t('pages.briefs.synonymsHint')}</p>}
                  <ErrorText id={`bt-${key}-error`} list={err(key)} />
                </div>
              );
            })}
            <div className="field">
              <label htmlFor={`bt-fields.${i}.native`}>{t('pages.briefs.native')}</label>
              <select id={`bt-fields.${i}.native`} value={r.nativeField} onChange={(e) => set({ nativeField: e.target.value })}>
                <option value="">{t('pages.common.none')}</option>
                {['due', 'launch', 'owner', 'labels'].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" className="danger" onClick={() => setRows((old) => old.filter((_, j) => j !== i))} aria-label={t('pages.briefs.removeField', [String(i + 1)])}>
              {t('pages.common.delete')}
            </button>
          </fieldset>
        );
      })}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setRows((old) => [...old, { id: '', label: '', synonyms: '', nativeField: '' }])}>
          {t('pages.briefs.addField')}
        </button>
        <button type="submit">{t('pages.common.save')}</button>
        <button type="button" className="secondary" onClick={() => onDone('')}>
          {t('pages.common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function BriefTemplatesSection({ ws }: { ws: WorkspaceState }) {
  const env = usePagesEnv();
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const managed = new Set(ws.managed.briefTemplates ?? []);
  const current = editing ? ws.briefTemplates.find((b) => b.id === editing) : undefined;
  return (
    <section id="briefs" aria-labelledby="briefs-heading" className="settings-section">
      <h2 id="briefs-heading">{t('pages.briefs.heading')}</h2>
      <p className="muted">{t('pages.briefs.intro')}</p>
      {ws.briefTemplates.length === 0 ? (
        <Empty>{t('pages.briefs.empty')}</Empty>
      ) : (
        <ul className="plain">
          {ws.briefTemplates.map((b) => (
            <li key={b.id} className="entry" data-row={b.id}>
              <strong>{b.name}</strong>
              <p className="detail">{b.fields.map((f) => f.label).join(', ')}</p>
              {managed.has(b.id) ? (
                <span className="muted">{t('pages.common.managed')}</span>
              ) : (
                <div className="actions">
                  <button type="button" className="secondary" onClick={() => (setEditing(b.id), setStatus(''))} aria-label={t('pages.common.editNamed', [b.name])}>
                    {t('pages.common.edit')}
                  </button>
                  <button type="button" className="danger" onClick={() => void env.store.remove('briefTemplates', b.id).then(() => setStatus(t('pages.common.deleted', [b.name])), (err: unknown) => setStatus(err instanceof Error ? err.message : String(err)))} aria-label={t('pages.common.deleteNamed', [b.name])}>
                    {t('pages.common.delete')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {editing === null ? (
        <div className="actions">
          <button type="button" onClick={() => (setEditing(''), setStatus(''))}>
            {t('pages.briefs.add')}
          </button>
        </div>
      ) : (
        <Editor
          key={editing}
          initial={current}
          existingIds={ws.briefTemplates.map((b) => b.id)}
          onDone={(msg) => {
            setEditing(null);
            setStatus(msg);
          }}
        />
      )}
      <p className="status" role="status">
        {status}
      </p>
    </section>
  );
}
