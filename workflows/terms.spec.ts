import { TERMS } from './terms';

describe('the catalogue terms of history rows (the dossier PDF names events with them)', () => {
  it('names events, a workflow’s own name first, records, deadline firings and ends of regions', () => {
    expect(TERMS.event('accountability', 'ACCEPT')).toEqual({ zh: '受理', en: 'Accept' });
    expect(TERMS.event('accountability', 'xstate.init').zh).toBe('提出问责建议');
    expect(TERMS.event('inquiry', 'xstate.init').zh).toBe('登记');
    expect(TERMS.event('rectification', 'RECORD_TALK').zh).toBe('约谈');
    expect(TERMS.event('inquiry', 'RECORD_TALK').zh).toBe('谈话');
    expect(TERMS.event('accountability', 'record.attachment').zh).toBe('上传附件');
    expect(TERMS.event('accountability', 'xstate.after.delivery.accountability.notification')).toEqual({
      zh: '期限届满：送达期限',
      en: 'Time limit passed: Delivery',
    });
    expect(TERMS.event('accountability', 'xstate.done.state.accountability.execution').zh).toBe('执行完毕');
    expect(TERMS.event('accountability', 'SOMETHING_NEW')).toEqual({
      zh: 'SOMETHING_NEW',
      en: 'SOMETHING_NEW',
    });
  });
});
