/**
 * CRM leads: the MQL/SQL criteria checklist the rep ticks, intent, verdict with the rejection
 * reason from the team's taxonomy, and free notes. Marketing sees the same notes on the campaign.
 */
import { useEffect, useState } from 'react';
import { i18n } from '#i18n';
import { LEAD_CRITERIA, type ItemMeta, type LeadNote, type RejectionReason } from '@/lib/core/schemas';
import { formatDate } from '@/lib/panel/format';
import type { LeadCriterion } from '@/lib/core/leads';
import type { LeadModel } from '@/lib/panel/model';
import { addNote, saveLeadNote, type LeadNoteChanges } from '@/lib/panel/actions';
import { usePanelEnv } from '../context';
import { Field, Section } from '../ui';
import { reasonLabel, teamName } from '../labels';
import { useAction } from '../hooks/useAction';

function criterionLabel(c: LeadCriterion): string {
  const m: Record<LeadCriterion, () => string> = {
    segment: () => i18n.t('panel.lead.criterion.segment'),
    need: () => i18n.t('panel.lead.criterion.need'),
    contactable: () => i18n.t('panel.lead.criterion.contactable'),
    intent: () => i18n.t('panel.lead.criterion.intent'),
    exclusions: () => i18n.t('panel.lead.criterion.exclusions'),
  };
  return m[c]();
}

function verdictLabel(v: NonNullable<LeadNote['verdict']>): string {
  const m = {
    open: () => i18n.t('panel.lead.verdict.open'),
    mql: () => i18n.t('panel.lead.verdict.mql'),
    sql: () => i18n.t('panel.lead.verdict.sql'),
    rejected: () => i18n.t('panel.lead.verdict.rejected'),
  };
  return m[v]();
}

function evaluationLabel(v: LeadModel['evaluation']['verdict']): string {
  const m = {
    sql: () => i18n.t('panel.lead.eval.sql'),
    mql: () => i18n.t('panel.lead.eval.mql'),
    rejected: () => i18n.t('panel.lead.eval.rejected'),
    unqualified: () => i18n.t('panel.lead.eval.unqualified'),
    incomplete: () => i18n.t('panel.lead.eval.incomplete'),
  };
  return m[v]();
}

function evidenceKindLabel(k: NonNullable<LeadModel['firstContactKind']>): string {
  const m = {
    call: () => i18n.t('panel.lead.evidenceKind.call'),
    email: () => i18n.t('panel.lead.evidenceKind.email'),
    meeting: () => i18n.t('panel.lead.evidenceKind.meeting'),
    message: () => i18n.t('panel.lead.evidenceKind.message'),
    'last-contacted': () => i18n.t('panel.lead.evidenceKind.lastContacted'),
    status: () => i18n.t('panel.lead.evidenceKind.status'),
  };
  return m[k]();
}

/**
 * The lead's notes as an append-only thread, newest first: every note keeps who wrote it and when; a
 * note stored before the thread existed (the lead note's single text) shows as the oldest entry.
 */
function Thread({ lead, notes }: { lead: LeadModel; notes: ItemMeta['notes'] }) {
  const env = usePanelEnv();
  const entries = [...notes].sort((a, b) => b.at.localeCompare(a.at));
  const legacy = lead.note?.note && !notes.some((n) => n.text === lead.note?.note) ? lead.note : undefined;
  return (
    <div className="lz-thread" data-liaison-thread="">
      <p className="lz-small lz-subhead">{i18n.t('panelView.lead.thread')}</p>
      {entries.length === 0 && !legacy ? (
        <p className="lz-empty">{i18n.t('panelView.lead.threadEmpty')}</p>
      ) : (
        <ol className="lz-list" reversed>
          {entries.map((n) => (
            <li key={`${n.at}|${n.by}|${n.text}`} className="lz-note-item" data-liaison-thread-note="">
              <p className="lz-note-text">{n.text}</p>
              <p className="lz-small lz-muted">
                {n.by ? `${n.by} · ` : ''}
                {formatDate(n.at, env.locale)}
              </p>
            </li>
          ))}
          {legacy && (
            <li className="lz-note-item" data-liaison-thread-note="">
              <p className="lz-note-text">{legacy.note}</p>
              <p className="lz-small lz-muted">
                {teamName([], legacy.authorTeamId)} · {formatDate(legacy.at, env.locale)}
              </p>
            </li>
          )}
        </ol>
      )}
    </div>
  );
}

export function LeadSection({ lead, reasons, notes = [] }: { lead: LeadModel; reasons: RejectionReason[]; notes?: ItemMeta['notes'] }) {
  const env = usePanelEnv();
  const { run, busy, error } = useAction();
  const [verdict, setVerdict] = useState(lead.verdict);
  const [reason, setReason] = useState(lead.rejectionReasonId ?? '');
  const [text, setText] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  // Follow changes made elsewhere (another tab, a colleague) when the form is not being edited.
  useEffect(() => {
    setVerdict(lead.verdict);
    setReason(lead.rejectionReasonId ?? '');
  }, [lead.verdict, lead.rejectionReasonId]);

  const save = (changes: LeadNoteChanges) => run(() => saveLeadNote(env.store, env.itemKey, lead, changes, env.author));

  // A ticked box shows at once; the store's value takes over when the write lands (or fails).
  const [ticked, setTicked] = useState<Partial<Record<LeadCriterion, boolean>>>({});
  useEffect(() => {
    setTicked((t) => {
      const left = Object.fromEntries(Object.entries(t).filter(([c, v]) => (lead.criteria[c as LeadCriterion] === true) !== v));
      return Object.keys(left).length === Object.keys(t).length ? t : left;
    });
  }, [lead.criteria]);
  const tick = (c: LeadCriterion, value: boolean) => {
    setTicked((t) => ({ ...t, [c]: value }));
    run(async () => {
      try {
        await saveLeadNote(env.store, env.itemKey, lead, { criteria: { [c]: value } }, env.author);
      } catch (err) {
        setTicked((t) => Object.fromEntries(Object.entries(t).filter(([k]) => k !== c)));
        throw err;
      }
    });
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setSaved(false);
    if (verdict === 'rejected' && !reason) {
      setFormError(i18n.t('panel.lead.reasonRequired'));
      return;
    }
    setFormError(null);
    run(async () => {
      const note = text.trim();
      // A new note joins the thread (never replaces one); the lead note keeps the latest for marketing's view.
      await saveLeadNote(env.store, env.itemKey, lead, { verdict, rejectionReasonId: verdict === 'rejected' ? reason : undefined, ...(note ? { note } : {}) }, env.author);
      if (note) await addNote(env.store, env.itemKey, note, env.author);
      setText('');
      setSaved(true);
    });
  };

  // The rep's recorded verdict is what the lead is; without one, what the criteria say so far.
  const shown = lead.verdict !== 'open' ? lead.verdict : lead.evaluation.verdict;
  const disagrees = lead.verdict !== 'open' && lead.verdict !== lead.evaluation.verdict;
  return (
    <Section id="lead" title={i18n.t('panel.lead.title')} attrs={{ 'data-liaison-lead': shown, 'data-evaluation': lead.evaluation.verdict }}>
      <p className="lz-small">
        <span className={`lz-badge lz-badge-lead-${shown}`}>{evaluationLabel(shown)}</span>{' '}
        {lead.source && <span className="lz-muted">{i18n.t('panel.lead.source', { source: lead.source })}</span>}
        {lead.campaign && <span className="lz-muted"> · {i18n.t('panel.lead.campaign', { campaign: lead.campaign })}</span>}
      </p>
      {disagrees && <p className="lz-hint">{i18n.t('panel.lead.criteriaSay', { verdict: evaluationLabel(lead.evaluation.verdict) })}</p>}
      <fieldset className="lz-checklist">
        <legend className="lz-small">{i18n.t('panel.lead.checklist')}</legend>
        {LEAD_CRITERIA.map((c) => (
          <label key={c} className="lz-check" data-liaison-criterion={c}>
            <input type="checkbox" checked={ticked[c] ?? lead.criteria[c] === true} onChange={(e) => tick(c, e.target.checked)} />
            <span>{criterionLabel(c)}</span>
          </label>
        ))}
      </fieldset>
      <label className="lz-field lz-inline">
        <span className="lz-field-label">{i18n.t('panel.lead.intent')}</span>
        <select value={lead.intent} disabled={busy} data-liaison-intent={lead.intent} onChange={(e) => save({ intent: e.target.value as 'high' | 'normal' })}>
          <option value="high">{i18n.t('panel.lead.intentHigh')}</option>
          <option value="normal">{i18n.t('panel.lead.intentNormal')}</option>
        </select>
      </label>
      {!lead.intentSet && lead.intentSignals.length > 0 && <p className="lz-hint">{i18n.t('panel.lead.signals', { signals: lead.intentSignals.join(', ') })}</p>}
      {lead.firstContactEvidence && (
        <p className="lz-small lz-ok" data-liaison-evidence={lead.firstContactKind ?? ''}>
          {i18n.t('panel.lead.evidence', { evidence: lead.firstContactKind ? `${evidenceKindLabel(lead.firstContactKind)}: ${lead.firstContactEvidence}` : lead.firstContactEvidence })}
        </p>
      )}
      <form className="lz-form lz-form-flat" aria-label={i18n.t('panel.lead.verdictForm')} onSubmit={submit} noValidate>
        <Field label={i18n.t('panel.lead.verdictField')}>
          <select value={verdict} onChange={(e) => setVerdict(e.target.value as NonNullable<LeadNote['verdict']>)}>
            {(['open', 'mql', 'sql', 'rejected'] as const).map((v) => (
              <option key={v} value={v}>
                {verdictLabel(v)}
              </option>
            ))}
          </select>
        </Field>
        {verdict === 'rejected' && (
          <Field label={i18n.t('panel.lead.reasonField')}>
            <select value={reason} onChange={(e) => setReason(e.target.value)}>
              <option value="">{i18n.t('panel.lead.chooseReason')}</option>
              {reasons.map((r) => (
                <option key={r.id} value={r.id}>
                  {reasonLabel(reasons, r.id)}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label={i18n.t('panelView.lead.addNote')}>
          <textarea rows={3} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
        {formError && (
          <p className="lz-error" role="alert">
            {formError}
          </p>
        )}
        <div className="lz-form-actions">
          <button type="submit" className="lz-btn lz-btn-primary" disabled={busy}>
            {i18n.t('panel.lead.save')}
          </button>
          {saved && !busy && (
            <span className="lz-small lz-ok" role="status">
              {i18n.t('panel.saved')}
            </span>
          )}
        </div>
      </form>
      {error && (
        <p className="lz-error" role="alert">
          {error}
        </p>
      )}
      <Thread lead={lead} notes={notes} />
    </Section>
  );
}
