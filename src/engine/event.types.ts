/** Text in both languages of the workbench. */
export interface Label {
  zh: string;
  en: string;
}

/**
 * The shape of every event the engine hands a machine. `at` and `actor` are stamped by the
 * engine, never by the client; deadline timeouts arrive as `xstate.after.<delay>.<stateId>`
 * with actor `system:deadline` and `at` = the due time.
 */
export interface MachineEvent<TType extends string = string, TPayload = Record<string, unknown>> {
  type: TType;
  payload: TPayload;
  at: string;
  actor: string;
  /**
   * Set only when the engine asks which events the state accepts, before any payload exists. A guard
   * that reads the payload must let a probe through; guards on the context judge it as usual.
   */
  probe?: true;
}
