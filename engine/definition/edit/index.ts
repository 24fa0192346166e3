/** Editing a service's YAML text in place (structured editor): the outline it shows, its form and buttons applied. */
export { applyAction, parseAction, type EditorAction } from './actions.ts';
export { addRequirement, addStep, addToChecklist, FIELD_TYPES } from './additions.ts';
export { applyForm, editorInputs, restatedText, type EditorInputs, type FormOutcome } from './form.ts';
export * from './outline.ts';
export { resolveAddress, slugOf, uniqueId } from './shape.ts';
export { deleteIn, EditError, insertIn, moveIn, setIn, valueAt, type Path } from './source.ts';
