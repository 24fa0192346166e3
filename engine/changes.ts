/** What changes between two versions of a service: the summary in words, the warnings, the line diff. */
export { checklistOf, type Checklist } from './changes/checklist.ts';
export { changedLines, lineDiff, type DiffLine } from './changes/diff.ts';
export { summarizeChanges, type Change } from './changes/summary.ts';
export { changeWarnings, type ChangeWarning, type OpenAt } from './changes/warnings.ts';
export { stepDifferences, type StepDifferences } from './changes/steps.ts';
