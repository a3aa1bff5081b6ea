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

/** The catalogue entry of a workflow; null while loading, or for no name at all (''). */
export function useWorkflow(name: string): Workflow | null {
  const [wf, setWf] = useState<Workflow | null>(null);
  useEffect(() => {
    let live = true;
    if (!name) {
      setWf(null);
      return;
    }
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

export interface WorkflowSummary {
  name: string;
  version: number;
  title: string;
  description: string;
}

let catalogue: Promise<WorkflowSummary[]> | null = null;

/** The catalogue's workflows (GET /workflows), fetched once per page load; null while loading. */
export function useCatalogue(): WorkflowSummary[] | null {
  const [list, setList] = useState<WorkflowSummary[] | null>(null);
  useEffect(() => {
    let live = true;
    catalogue ??= get<WorkflowSummary[]>('/workflows');
    catalogue.then(
      (l) => live && setList(l),
      () => {
        catalogue = null;
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return list;
}

/** Every workflow of the catalogue, in full; null while loading. */
export function useWorkflows(): Workflow[] | null {
  const list = useCatalogue();
  const [all, setAll] = useState<Workflow[] | null>(null);
  useEffect(() => {
    let live = true;
    if (list)
      Promise.all(list.map((w) => loadWorkflow(w.name))).then(
        (wfs) => live && setAll(wfs),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [list]);
  return all;
}

/** The top-level stages of a workflow, in machine order. */
export function topStages(wf: Workflow): string[] {
  return wf.machine.states.filter((s) => s.parent === null).map((s) => s.path);
}
