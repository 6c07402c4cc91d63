/**
 * Forms for the options page: declarative fields, zod validation with precise inline errors
 * (aria-invalid + aria-describedby), messages in the UI's language.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { z } from 'zod';
import { t } from './t';

export type FieldKind = 'text' | 'number' | 'select' | 'multi' | 'list' | 'checkbox' | 'time' | 'pairs' | 'color';

export interface FieldSpec {
  /** Dotted path into the entity ("name", "source.url"). */
  path: string;
  label: string;
  kind: FieldKind;
  options?: ReadonlyArray<{ value: string; label: string }>;
  hint?: string;
  /** Message when the value has the wrong format (regex, url, date). */
  format?: string;
  /** An empty value means "not set" (undefined) rather than "" / required. */
  optional?: boolean;
  /** Locked while editing an existing entry (ids). */
  lockOnEdit?: boolean;
}

export type Values = Record<string, string | string[] | boolean>;

function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (!cur[p] || typeof cur[p] !== 'object') cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

export function splitList(v: string): string[] {
  return v
    .split(/[\n,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Entity → form values. */
export function toValues(fields: readonly FieldSpec[], entity: unknown): Values {
  const out: Values = {};
  for (const f of fields) {
    const v = getPath(entity, f.path);
    if (f.kind === 'checkbox') out[f.path] = v === true;
    else if (f.kind === 'multi') out[f.path] = Array.isArray(v) ? v.map(String) : [];
    else if (f.kind === 'list') out[f.path] = Array.isArray(v) ? v.map(String).join('\n') : '';
    else if (f.kind === 'pairs') out[f.path] = v && typeof v === 'object' ? Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join(', ') : '';
    else out[f.path] = v === undefined || v === null ? '' : String(v);
  }
  return out;
}

/** Form values → the entity draft zod validates (numbers parsed; a non-number stays a string so zod reports it). */
export function fromValues(fields: readonly FieldSpec[], values: Values, base: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(base);
  for (const f of fields) {
    const v = values[f.path];
    let value: unknown;
    if (f.kind === 'checkbox') value = v === true;
    else if (f.kind === 'multi') value = Array.isArray(v) ? v : [];
    else {
      const s = typeof v === 'string' ? v.trim() : '';
      if (f.kind === 'list') value = splitList(s);
      else if (f.kind === 'pairs') {
        const rec: Record<string, unknown> = {};
        for (const part of splitList(s)) {
          const [k, x] = part.split('=').map((p) => p.trim());
          if (k) rec[k] = x !== undefined && x !== '' && Number.isFinite(Number(x)) ? Number(x) : (x ?? '');
        }
        value = s === '' && f.optional ? undefined : rec;
      } else if (s === '') value = f.optional ? undefined : f.kind === 'number' ? undefined : '';
      else if (f.kind === 'number') value = Number.isFinite(Number(s.replace(',', '.'))) ? Number(s.replace(',', '.')) : s;
      else value = s;
    }
    if (value === undefined) {
      // Remove the key (and an emptied parent object of an optional group).
      const parts = f.path.split('.');
      const parent = parts.length > 1 ? (getPath(out, parts.slice(0, -1).join('.')) as Record<string, unknown> | undefined) : out;
      if (parent && typeof parent === 'object') delete parent[parts[parts.length - 1]!];
    } else setPath(out, f.path, value);
  }
  return out;
}

/** A zod issue in the UI's language, precise about limits and list entries. */
export function issueText(issue: z.core.$ZodIssue, field?: FieldSpec): string {
  const i = issue as z.core.$ZodIssue & { minimum?: number | bigint; maximum?: number | bigint; origin?: string; expected?: string; input?: unknown; format?: string };
  switch (i.code) {
    case 'too_small':
      if (i.origin === 'string' && Number(i.minimum) <= 1) return t('pages.errors.required');
      if (i.origin === 'string') return t('pages.errors.minChars', [String(i.minimum)]);
      if (i.origin === 'array' || i.origin === 'set') return t('pages.errors.minEntries', [String(i.minimum)]);
      return t('pages.errors.min', [String(i.minimum)]);
    case 'too_big':
      if (i.origin === 'string') return t('pages.errors.maxChars', [String(i.maximum)]);
      if (i.origin === 'array' || i.origin === 'set') return t('pages.errors.maxEntries', [String(i.maximum)]);
      return t('pages.errors.max', [String(i.maximum)]);
    case 'invalid_type':
      if (i.input === undefined) return t('pages.errors.required');
      if (i.expected === 'int') return t('pages.errors.integer');
      if (i.expected === 'number') return t('pages.errors.number');
      return t('pages.errors.type');
    case 'invalid_format':
      if (field?.format) return field.format;
      if (i.format === 'url') return t('pages.errors.url');
      if (i.format === 'email') return t('pages.errors.email');
      if (i.format === 'date') return t('pages.errors.date');
      return t('pages.errors.format');
    case 'invalid_value':
      return t('pages.errors.choice');
    case 'unrecognized_keys':
      return t('pages.errors.unknownKeys', [(i as { keys?: string[] }).keys?.join(', ') ?? '']);
    default:
      return i.message;
  }
}

/** Field path → messages, plus issues no field shows. List entries name their position. */
export function mapIssues(fields: readonly FieldSpec[], error: z.ZodError, values?: Values): { byField: Record<string, string[]>; other: string[] } {
  const byField: Record<string, string[]> = {};
  const other: string[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    let match: FieldSpec | undefined;
    for (let n = path.length; n > 0 && !match; n--) {
      const p = path.slice(0, n).join('.');
      match = fields.find((f) => f.path === p);
      if (match && n < path.length && (match.kind === 'list' || match.kind === 'multi')) {
        const idx = Number(path[n]);
        const raw = values ? values[match.path] : undefined;
        const entries = typeof raw === 'string' ? splitList(raw) : Array.isArray(raw) ? raw : [];
        const text = issueText(issue, match);
        (byField[match.path] ??= []).push(Number.isInteger(idx) ? t('pages.errors.entry', [String(idx + 1), entries[idx] ?? '', text]) : text);
        match = undefined;
        path.length = 0;
        break;
      }
      if (match && n < path.length && match.kind === 'pairs') {
        (byField[match.path] ??= []).push(`${path.slice(n).join('.')}: ${issueText(issue, match)}`);
        match = undefined;
        path.length = 0;
        break;
      }
    }
    if (path.length === 0) continue;
    if (match) (byField[match.path] ??= []).push(issueText(issue, match));
    else other.push(`${path.join('.') || '(root)'}: ${issueText(issue)}`);
  }
  return { byField, other };
}

interface FieldProps {
  spec: FieldSpec;
  value: string | string[] | boolean;
  errors?: string[];
  locked?: boolean;
  onChange: (v: string | string[] | boolean) => void;
  idPrefix: string;
}

export function Field({ spec, value, errors, locked, onChange, idPrefix }: FieldProps) {
  const id = `${idPrefix}-${spec.path.replace(/\./g, '-')}`;
  const errId = `${id}-error`;
  const hintId = `${id}-hint`;
  const invalid = !!errors?.length;
  const describedBy = [invalid ? errId : '', spec.hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy, disabled: locked } as const;
  let control: ReactNode;
  if (spec.kind === 'checkbox') {
    return (
      <div className="field field-check">
        <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
        <label htmlFor={id}>{spec.label}</label>
        {spec.hint && <p id={hintId} className="hint">{spec.hint}</p>}
        {invalid && <p id={errId} className="error" role="alert">{errors!.join(' ')}</p>}
      </div>
    );
  }
  if (spec.kind === 'multi') {
    const list = Array.isArray(value) ? value : [];
    return (
      <fieldset className="field field-multi" aria-invalid={invalid || undefined} aria-describedby={describedBy}>
        <legend>{spec.label}</legend>
        {(spec.options ?? []).length === 0 && <p className="hint">{t('pages.common.noOptions')}</p>}
        {(spec.options ?? []).map((o) => (
          <label key={o.value} className="check">
            <input
              type="checkbox"
              disabled={locked}
              checked={list.includes(o.value)}
              onChange={(e) => onChange(e.target.checked ? [...list, o.value] : list.filter((x) => x !== o.value))}
            />
            {o.label}
          </label>
        ))}
        {spec.hint && <p id={hintId} className="hint">{spec.hint}</p>}
        {invalid && <p id={errId} className="error" role="alert">{errors!.join(' ')}</p>}
      </fieldset>
    );
  }
  if (spec.kind === 'select') {
    control = (
      <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)}>
        {spec.optional && <option value="">{t('pages.common.none')}</option>}
        {(spec.options ?? []).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (spec.kind === 'list') {
    control = <textarea {...common} rows={3} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />;
  } else {
    control = (
      <input
        {...common}
        type={spec.kind === 'number' ? 'text' : 'text'}
        inputMode={spec.kind === 'number' ? 'decimal' : undefined}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{spec.label}</label>
      {control}
      {spec.hint && <p id={hintId} className="hint">{spec.hint}</p>}
      {invalid && (
        <p id={errId} className="error" role="alert">
          {errors!.join(' ')}
        </p>
      )}
    </div>
  );
}

interface EntityFormProps<S extends z.ZodType> {
  title: string;
  fields: readonly FieldSpec[];
  schema: S;
  initial?: unknown;
  editing: boolean;
  onSave: (data: z.infer<S>) => Promise<void>;
  onCancel: () => void;
  /** Extra checks beyond the schema (ids must be unique, …): field path → message. */
  check?: (data: z.infer<S>) => Record<string, string>;
  /** Adjust the draft before validation (drop an optional group left empty, …). */
  prepare?: (draft: Record<string, unknown>) => Record<string, unknown>;
}

export function EntityForm<S extends z.ZodType>({ title, fields, schema, initial, editing, onSave, onCancel, check, prepare }: EntityFormProps<S>) {
  const idPrefix = useId().replace(/:/g, '');
  const [values, setValues] = useState<Values>(() => toValues(fields, initial ?? {}));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [other, setOther] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const raw = fromValues(fields, values, (initial ?? {}) as Record<string, unknown>);
    const draft = prepare ? prepare(raw) : raw;
    const parsed = schema.safeParse(draft);
    if (!parsed.success) {
      const m = mapIssues(fields, parsed.error, values);
      setErrors(m.byField);
      setOther(m.other);
      focusFirstError(idPrefix, fields, m.byField);
      return;
    }
    const extra = check?.(parsed.data) ?? {};
    if (Object.keys(extra).length) {
      setErrors(Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, [v]])));
      setOther([]);
      focusFirstError(idPrefix, fields, extra);
      return;
    }
    setBusy(true);
    try {
      await onSave(parsed.data);
      setErrors({});
      setOther([]);
    } catch (err) {
      const issues = (err as { issues?: Array<{ path: string; message: string }> }).issues;
      setOther(issues ? issues.map((i) => `${i.path || '(root)'}: ${i.message}`) : [err instanceof Error ? err.message : String(err)]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="entity-form" onSubmit={submit} noValidate aria-label={title}>
      <h4>{title}</h4>
      {fields.map((f) => (
        <Field
          key={f.path}
          spec={f}
          idPrefix={idPrefix}
          value={values[f.path] ?? ''}
          errors={errors[f.path]}
          locked={editing && f.lockOnEdit}
          onChange={(v) => setValues((old) => ({ ...old, [f.path]: v }))}
        />
      ))}
      {other.length > 0 && (
        <ul className="error" role="alert">
          {other.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('pages.common.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('pages.common.cancel')}
        </button>
      </div>
    </form>
  );
}

function focusFirstError(idPrefix: string, fields: readonly FieldSpec[], byField: Record<string, unknown>): void {
  const first = fields.find((f) => byField[f.path]);
  if (!first) return;
  const el = document.getElementById(`${idPrefix}-${first.path.replace(/\./g, '-')}`);
  el?.focus();
}
