import { usePeople } from '../api/people';

/**
 * A person filter: free text (a login id or a name, see subOf), offering the people the workbench
 * knows by name.
 */
export function PersonInput({
  id,
  value,
  title,
  onChange,
}: {
  id: string;
  value: string;
  title?: string;
  onChange(value: string): void;
}) {
  const people = usePeople();
  return (
    <>
      <input
        id={id}
        list={`${id}-people`}
        value={value}
        title={title}
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id={`${id}-people`}>
        {people.map((p) => (
          <option key={p.sub} value={p.sub}>
            {p.name}
          </option>
        ))}
      </datalist>
    </>
  );
}
