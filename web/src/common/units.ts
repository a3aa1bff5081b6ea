import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { components } from '../api/schema';
import type { FieldChoice } from '../case/fieldChoices';

export type UnitDto = components['schemas']['UnitDto'];
type Profile = components['schemas']['ProfileDto'];

/** The organisation tree (GET /units: names are not confidential), read once a session. */
let tree: Promise<UnitDto[]> | null = null;

export function allUnits(): Promise<UnitDto[]> {
  tree ??= get<{ items: UnitDto[] }>('/units').then(
    (r) => r.items,
    (error: unknown) => {
      tree = null; // tried again on the next use
      throw error;
    },
  );
  return tree;
}

/** Every unit of the tree, in tree order; null while loading (or when they could not be read). */
export function useUnits(): UnitDto[] | null {
  const [units, setUnits] = useState<UnitDto[] | null>(null);
  useEffect(() => {
    let live = true;
    allUnits().then(
      (items) => live && setUnits([...items].sort((a, b) => a.path.localeCompare(b.path))),
      () => live && setUnits(null),
    );
    return () => {
      live = false;
    };
  }, []);
  return units;
}

/** The units within the signed-in user's reach (GET /me's reach over GET /units), as choices by name; null while loading. */
export function useUnitsInReach(): FieldChoice[] | null {
  const [units, setUnits] = useState<FieldChoice[] | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([get<Profile>('/me'), allUnits()]).then(
      ([me, items]) => {
        if (!live) return;
        const reach = me.reach;
        const within = reach === 'all' ? items : items.filter((u) => reach.includes(u.code));
        setUnits(within.map((u) => ({ value: u.code, label: { zh: u.name, en: u.name } })));
      },
      () => live && setUnits(null),
    );
    return () => {
      live = false;
    };
  }, []);
  return units;
}
