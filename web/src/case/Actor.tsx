/** A name where one is known (the login id in its tooltip), else the login id. */
export function Actor({ who, sub }: { who: { name: string; known: boolean }; sub: string }) {
  return who.known ? (
    <span className="data actor" title={sub} data-sub={sub}>
      {who.name}
    </span>
  ) : (
    <span className="mono actor" data-sub={sub}>
      {sub}
    </span>
  );
}
