import { useEffect, useState } from 'react';
import { allUnits } from './units';

/** A unit by its name (its code while the names load, or when the unit is not known). */
export function UnitName({ code }: { code: string }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    allUnits().then(
      (units) => live && setName(units.find((u) => u.code === code)?.name ?? null),
      () => undefined,
    );
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
