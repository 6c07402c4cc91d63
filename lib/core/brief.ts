/**
 * Brief completeness (DOMAIN.md §5): which fields of a template an item's text covers.
 * Recognises markdown headings (#, ##, …), bold headings (**Goal**), a line that is only the
 * label (optionally ending in ":"), and "Label: value" lines, in any letter case, with the
 * template's synonyms in any language. A heading whose body is empty or a placeholder
 * ("TBD", "TBC", "—", "-", "?", "…", "...", "уточнить") counts as missing. A native field
 * (e.g. the due date) satisfies the field that names it. Synonyms are compiled once per
 * template object. Pure: no browser APIs.
 */
import type { BriefTemplate } from './schemas';

export type BriefFieldStatus = 'present' | 'absent' | 'empty';

/**
 * Why a field has its status:
 * - 'text': a heading or "Label:" line with content was found;
 * - 'native': the item's native field (due date, launch date, owner, labels) satisfies it;
 * - 'not-found': no heading or label line names it;
 * - 'empty': it is named but its body is empty;
 * - 'placeholder': it is named but its body is only a placeholder ("TBD", "уточнить", …).
 */
export type BriefFieldReason = 'text' | 'native' | 'not-found' | 'empty' | 'placeholder';

export interface BriefFieldResult {
  id: string;
  label: string;
  status: BriefFieldStatus;
  reason: BriefFieldReason;
  /** The heading/label text as written in the item (when found). */
  heading?: string;
  /** The placeholder found (when reason is 'placeholder'). */
  placeholder?: string;
}

export interface BriefCheck {
  templateId: string;
  present: number;
  total: number;
  /** present / total, 0..1. */
  score: number;
  /** Every field in template order. */
  fields: BriefFieldResult[];
  /** The fields that are not present (status 'absent' or 'empty'), in template order. */
  missing: BriefFieldResult[];
}

/** Native fields of the host item (ISO dates, owner name, labels). */
export interface BriefNative {
  due?: string;
  launch?: string;
  owner?: string;
  labels?: readonly string[];
}

export function checkBrief(template: BriefTemplate, text: string, native: BriefNative = {}): BriefCheck {
  throw new Error('not implemented');
}

/** Labels that mark an item as a brief, compared case-insensitively. */
export const BRIEF_LABELS: readonly string[] = ['brief', 'campaign', 'бриф', 'кампания'];

/**
 * Does the brief check apply to this item? True when a label is brief/campaign/бриф/кампания
 * (any case) or the text has at least two headings of the template (default: the marketing brief).
 */
export function isBriefItem(labels: readonly string[], text: string, template?: BriefTemplate): boolean {
  throw new Error('not implemented');
}
