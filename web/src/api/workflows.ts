import { useEffect, useState } from 'react';
import { get } from './client';
import type { Workflow } from './types';

const cache = new Map<string, Promise<Workflow>>();

/** The catalogue entry of a workflow, fetched once per page load. */
export function loadWorkflow(name: string): Promise<Workflow> {
  let p = cache.get(name);
  if (!p) {
    p = get<Workflow>(`/workflows/${encodeURIComponent(name)}`);
    p.catch(() => cache.delete(name));
    cache.set(name, p);
  }
  return p;
}

export function useWorkflow(name: string): Workflow | null {
  const [wf, setWf] = useState<Workflow | null>(null);
  useEffect(() => {
    let live = true;
    loadWorkflow(name).then(
      (w) => live && setWf(w),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [name]);
  return wf;
}

/** The top-level stages of a workflow, in machine order. */
export function topStages(wf: Workflow): string[] {
  return wf.machine.states.filter((s) => s.parent === null).map((s) => s.path);
}
