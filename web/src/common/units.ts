import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { components } from '../api/schema';
import type { FieldChoice } from '../case/fieldChoices';

type UnitDto = components['schemas']['UnitDto'];
type Profile = components['schemas']['ProfileDto'];

/** The units within the signed-in user's reach (GET /me's reach over GET /units), as choices by name; null while loading. */
export function useUnitsInReach(): FieldChoice[] | null {
  const [units, setUnits] = useState<FieldChoice[] | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([get<Profile>('/me'), get<{ items: UnitDto[] }>('/units')]).then(
      ([me, list]) => {
        if (!live) return;
        const reach = me.reach;
        const within = reach === 'all' ? list.items : list.items.filter((u) => reach.includes(u.code));
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
