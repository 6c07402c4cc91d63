/**
 * The first run's checklist (pure): five steps from what the profile already holds — the settings
 * (role, teams), the team workspace config, the first run's own record (alone, demo opened) and
 * the item snapshots (an item seen on a real host: only host pages record snapshots).
 */
export type FirstRunStep = 'role' | 'teams' | 'workspace' | 'demo' | 'host';

export interface FirstRunInput {
  role?: string;
  teamIds: readonly string[];
  /** The team workspace database this browser is connected to, if any. */
  workspaceDb?: string;
  alone: boolean;
  demoOpened: boolean;
  /** How many items have been seen on host pages. */
  hostItemsSeen: number;
}

export interface FirstRunRow {
  step: FirstRunStep;
  done: boolean;
  /** For the workspace step: which way it was done. */
  detail?: { kind: 'joined'; db: string } | { kind: 'alone' };
}

export function firstRunChecklist(i: FirstRunInput): { rows: FirstRunRow[]; done: number; total: number; complete: boolean } {
  const rows: FirstRunRow[] = [
    { step: 'role', done: !!i.role },
    { step: 'teams', done: i.teamIds.length > 0 },
    {
      step: 'workspace',
      done: !!i.workspaceDb || i.alone,
      ...(i.workspaceDb ? { detail: { kind: 'joined' as const, db: i.workspaceDb } } : i.alone ? { detail: { kind: 'alone' as const } } : {}),
    },
    { step: 'demo', done: i.demoOpened },
    { step: 'host', done: i.hostItemsSeen > 0 },
  ];
  const done = rows.filter((r) => r.done).length;
  return { rows, done, total: rows.length, complete: done === rows.length };
}
