import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { components } from '../api/schema';

type Unit = components['schemas']['UnitDto'];

/** The units' names by code, read once a session (GET /units: names are not confidential). */
let names: Promise<Map<string, string>> | null = null;

function unitNames(): Promise<Map<string, string>> {
  names ??= get<{ items: Unit[] }>('/units').then(
    (r) => new Map(r.items.map((u) => [u.code, u.name])),
    () => {
      names = null; // tried again on the next use
      return new Map<string, string>();
    },
  );
  return names;
}

/** A unit by its name (its code while the names load, or when the unit is not known). */
export function UnitName({ code }: { code: string }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void unitNames().then((m) => live && setName(m.get(code) ?? null));
    return () => {
      live = false;
    };
  }, [code]);
  return (
    <span className="data" data-unit={code} title={code}>
      {name ?? code}
    </span>
  );
}
