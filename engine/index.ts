/** alur's engine: the public API another service or an integration embeds (pure; time and storage come from outside). */
export type * from './types.ts';
export type { CaseStore, CaseSummary, CaseFilter } from './store.ts';
export { summarize } from './store.ts';
export { startCase, completeStep, meetDeadline, type Transition } from './case.ts';
export { openTasks, stepOf, rolesOf, canAct, roleTitles } from './tasks.ts';
export { validateForm, visibleFields, defaultValues, type FormCheck } from './form.ts';
export { chooseBranch, holds, branchesOf, branchLabel } from './guards.ts';
export { valueLabel, fieldIndex, describeCondition, conditionFacts, shortLabel } from './explain.ts';
export { deadlineStatus, isOverdue, COMPLETION, type DeadlineState } from './deadlines.ts';
export { addDuration, parseDuration, describeDuration, describeSpan } from './time.ts';
export { workflowHash, canonicalJson } from './hash.ts';
export { runScenario, checkScenarioFile, type Scenario, type ScenarioFile, type ScenarioResult } from './scenario.ts';
export { simulate, type Simulation } from './simulate.ts';
export { summarizeChanges, lineDiff, type Change, type DiffLine } from './changes.ts';
