/** The diagram in words, for screen readers and small screens: each step with its role, its deadlines and where it leads. */
import { stepsInOrder } from '../../engine/order.ts';
import type { Branch, Step, Workflow } from '../../engine/types.ts';
import { deadlineText, forkText } from '../rule-text.ts';
import { fieldsByName, guardText } from './guard-text.ts';

const rolesText = (workflow: Workflow, step: Step): string =>
  (Array.isArray(step.role) ? step.role : [step.role]).map((r) => workflow.roles[r] ?? r).join(' atau ');

function target(workflow: Workflow, to: Pick<Branch, 'to' | 'end' | 'parallel' | 'join' | 'wait'>): string {
  if (to.parallel) return forkText(workflow, to);
  if (to.to) {
    const step = workflow.steps.find((s) => s.id === to.to);
    return step ? `ke langkah ${step.number} (${step.title})` : `ke ${to.to}`;
  }
  const outcome = workflow.outcomes.find((o) => o.id === to.end);
  return `selesai: ${outcome?.label ?? to.end}`;
}

function Branches({ workflow, step }: { workflow: Workflow; step: Step }) {
  const fields = fieldsByName(workflow);
  if (typeof step.next === 'string') return <>Lalu {target(workflow, { to: step.next })}.</>;
  if (Array.isArray(step.next)) {
    const guarded = step.next.some((b) => b.when);
    if (!guarded) return <>Lalu {target(workflow, step.next[0] as Branch)}.</>;
    return (
      <ul>
        {step.next.map((b) => (
          <li>
            {b.when ? `Jika ${guardText(b.when, fields)}` : 'Selain itu'}: {target(workflow, b)}.
          </li>
        ))}
      </ul>
    );
  }
  if (step.end) return <>Lalu {target(workflow, { end: step.end })}.</>;
  return <></>;
}

export function DiagramText({ workflow }: { workflow: Workflow }) {
  const steps = stepsInOrder(workflow);
  return (
    <ol class="procedure-text">
      {steps.map((step) => (
        <li>
          <span class="step-no">{step.number}.</span> <strong>{step.title}</strong> ({rolesText(workflow, step)}){step.id === workflow.start ? ', langkah pertama' : ''}.{' '}
          {(step.deadlines ?? []).map((d) => (
            <>Tenggat: {deadlineText(workflow, step, d, true)}. </>
          ))}
          {step.pausesClock ? 'Selama langkah ini menunggu, waktu penyelesaian tidak dihitung. ' : ''}
          <Branches workflow={workflow} step={step} />
        </li>
      ))}
    </ol>
  );
}
