import { useEffect, useState } from 'react';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { get } from './client';

export interface Person {
  sub: string;
  name: string;
}

let people: Promise<Person[]> | null = null;

/**
 * The people whose names the workbench knows: the demo users (GET /auth/dev-users, when the
 * development sign-in is on; nothing otherwise), fetched once per page load.
 */
function loadPeople(): Promise<Person[]> {
  people ??= get<Person[]>('/auth/dev-users').catch(() => []);
  return people;
}

/** The people the workbench knows by name (for pickers; empty without the development sign-in). */
export function usePeople(): Person[] {
  const [list, setList] = useState<Person[]>([]);
  useEffect(() => {
    let live = true;
    void loadPeople().then((l) => live && setList(l));
    return () => {
      live = false;
    };
  }, []);
  return list;
}

/**
 * Who someone is, for people: the engine's own actors by what they are (期限计时器, 关联案件), a known
 * user by name, anyone else by their login id (`known` false: shown as an id).
 */
export function usePersonName(): (sub: string) => { name: string; known: boolean } {
  const { t } = useI18n();
  const { user } = useSession();
  const list = usePeople();
  return (sub) => {
    if (sub === 'system:deadline') return { name: t('actorDeadline'), known: true };
    if (sub === 'system:linked-case') return { name: t('actorLinkedCase'), known: true };
    if (sub.startsWith('system:')) return { name: t('actorSystem'), known: true };
    if (user?.sub === sub) return { name: user.name, known: true };
    const found = list.find((p) => p.sub === sub);
    return found ? { name: found.name, known: true } : { name: sub, known: false };
  };
}

const cases = new Map<string, Promise<{ title: string; workflow: string } | null>>();

/** The title and workflow of these cases (GET /cases/:id, each once per page load); an unreadable case has none. */
function useCaseFacts<K extends 'title' | 'workflow'>(ids: string[], fact: K): Record<string, string> {
  const [found, setFound] = useState<Record<string, string>>({});
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let live = true;
    const wanted = key ? key.split(',') : [];
    void Promise.all(
      wanted.map((id) => {
        let p = cases.get(id);
        if (!p) {
          p = get<{ title: string; workflow: string }>(`/cases/${id}`).then(
            (c) => ({ title: c.title, workflow: c.workflow }),
            () => null,
          );
          cases.set(id, p);
        }
        return p.then((c) => [id, c?.[fact] ?? null] as const);
      }),
    ).then((pairs) => {
      if (live) setFound(Object.fromEntries(pairs.filter((p): p is [string, string] => p[1] !== null)));
    });
    return () => {
      live = false;
    };
  }, [key, fact]);
  return found;
}

/** The titles of these cases (GET /cases/:id, each once per page load); an unreadable case has none. */
export function useCaseTitles(ids: string[]): Record<string, string> {
  return useCaseFacts(ids, 'title');
}

/** The workflows of these cases (to name their states as the workflow does). */
export function useCaseWorkflows(ids: string[]): Record<string, string> {
  return useCaseFacts(ids, 'workflow');
}

/**
 * The login id (sub) a person filter means: a known id as it is; else the one known person whose name
 * holds what was typed (王芳, Wang Fang); else the text as typed (an id the workbench does not know).
 */
export function subOf(people: Person[], typed: string): string {
  const text = typed.trim();
  if (!text || people.some((p) => p.sub === text)) return text;
  const named = people.filter((p) => p.name.toLowerCase().includes(text.toLowerCase()));
  return named.length === 1 ? named[0].sub : text;
}
