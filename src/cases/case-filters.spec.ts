import { UserInputError } from '../engine/errors';
import { openedRange } from './case-filters';

describe('the opening-time range of the case list', () => {
  it('reads a date alone as the whole calendar day at UTC+8', () => {
    expect(openedRange({ openedFrom: '2026-03-01', openedTo: '2026-03-01' })).toEqual({
      from: '2026-02-28T16:00:00.000Z',
      before: '2026-03-01T16:00:00.000Z',
    });
  });

  it('takes a time as it is, the upper end inclusive', () => {
    expect(
      openedRange({ openedFrom: '2026-03-01T10:00:00+08:00', openedTo: '2026-03-01T02:00:00.000Z' }),
    ).toEqual({
      from: '2026-03-01T02:00:00.000Z',
      before: '2026-03-01T02:00:00.001Z',
    });
    expect(openedRange({})).toEqual({ from: undefined, before: undefined });
  });

  it('refuses a reversed range, naming both ends', () => {
    expect(() => openedRange({ openedFrom: '2026-03-02', openedTo: '2026-03-01' })).toThrow(UserInputError);
    expect(() => openedRange({ openedFrom: '2026-03-02', openedTo: '2026-03-01' })).toThrow(
      'openedFrom (2026-03-02) is after openedTo (2026-03-01)',
    );
  });
});
