/*
 * The documents (文书) the workflows declare, without the service: each names states its machine has
 * (the start check agrees), is issuable where it should be, and composes a model in Chinese from a
 * case — the measures, the appeal time limit, the letter's reply limit, the items to rectify.
 */
import { notified, at as accountabilityAt } from '../machines/accountability.fixtures';
import * as inquiry from '../machines/inquiry.fixtures';
import * as rectification from '../machines/rectification.fixtures';
import type { DocumentDefinition, DocumentInput, DocumentModel } from '../src/engine/document.types';
import { issuable } from '../src/documents/document.issuing';
import { documentProblems } from '../src/engine/document.check';
import { stateLabel } from '../src/engine/machine-snapshot';
import type { WorkflowDefinition } from '../src/engine/workflow.types';
import { WORKFLOWS } from './index';
import { accountabilityWorkflow } from './accountability.workflow';
import { accountabilityWorkflowV1 } from './v1/accountability.workflow';
import { inquiryWorkflow } from './inquiry.workflow';
import { rectificationWorkflow } from './rectification.workflow';
import { measureZh } from './accountability.documents';

type Snapshot = { context: unknown } & Parameters<typeof stateLabel>[0];

function issuableIn(wf: WorkflowDefinition, snapshot: Snapshot): string[] {
  const state = stateLabel(snapshot);
  return Object.entries(wf.documents ?? {})
    .filter(([, d]) => issuable(d, state, snapshot.context))
    .map(([kind]) => kind);
}

function compose(wf: WorkflowDefinition, kind: string, snapshot: Snapshot): DocumentModel {
  const doc = wf.documents![kind] as DocumentDefinition;
  const context = snapshot.context as { subject: DocumentInput['subject'] };
  return doc.compose({
    context,
    subject: context.subject,
    state: stateLabel(snapshot),
    facts: [],
    unitName: '甲县纪委监委',
    number: doc.numberOf?.(context) ?? `${doc.numberCode}〔2026〕7号`,
    issuedAt: '2026-11-30T02:00:00.000Z',
    issuedOn: '2026年11月30日',
  });
}

const textOf = (m: DocumentModel) =>
  [m.title, m.number, m.recipient, ...m.sections.flatMap((s) => [s.heading, ...s.paragraphs])].join('\n');

describe('documents declared by the workflows', () => {
  it('name only states their machines have, with number codes', () => {
    expect(WORKFLOWS.flatMap((wf) => documentProblems(wf))).toEqual([]);
  });

  it('a document naming a state the machine lacks is a problem at start', () => {
    const decision = accountabilityWorkflow.documents!.decision;
    const broken = {
      ...accountabilityWorkflow,
      documents: { decision: { ...decision, states: ['notification', 'nowhere'] } },
    };
    expect(documentProblems(broken)).toEqual(['document decision names states the machine lacks: nowhere']);
  });

  it('the decision and its proof of delivery are issuable once decided, not before', () => {
    expect(issuableIn(accountabilityWorkflow, accountabilityAt('decision'))).toEqual([]);
    expect(issuableIn(accountabilityWorkflow, notified())).toEqual(['decision', 'deliveryReceipt']);
  });

  it('the 问责决定书 states the subject, the facts, the measures in Chinese and the appeal limit', () => {
    const snapshot = notified({
      decisionNo: '青纪问〔2026〕12号',
      measures: [
        { type: 'formalWarning', responsibility: 'mainLeadership' },
        { type: 'partyDiscipline', detail: 'seriousWarning' },
      ],
    });
    const model = compose(accountabilityWorkflow, 'decision', snapshot);
    expect(model).toMatchObject({
      header: '甲县纪委监委文件',
      title: '问责决定书',
      number: '青纪问〔2026〕12号',
      recipient: 'Zhang San同志',
      signature: { unit: '甲县纪委监委', date: '2026年11月30日' },
      seal: true,
    });
    expect(model.copies?.[0]).toBe('同级党委组织部');
    const text = textOf(model);
    expect(text).toContain('诫勉（主要领导责任）');
    expect(text).toContain('党纪处分：严重警告');
    expect(text).toContain('一个月内');
    // The basis is printed once: the Regulations named once, with the article the opinion gives.
    expect(text.split('《中国共产党问责条例》')).toHaveLength(2);
    expect(text).toContain('依据《中国共产党问责条例》');
    expect(textOf(compose(accountabilityWorkflow, 'deliveryReceipt', snapshot))).toContain(
      '问责决定书（青纪问〔2026〕12号）',
    );
    expect(measureZh({ type: 'organisationalHandling', detail: 'removal' })).toBe('组织调整/组织处理：免职');
  });

  it('2009 Art 22: a decision under the 2009 Provisions states fifteen days to appeal, in the decision and the proof of delivery', () => {
    const snapshot = notified({
      decisionNo: 'D-8',
      measures: [{ type: 'governmentAccountability', detail: 'publicApology' }],
      serious: false,
    });
    expect(textOf(compose(accountabilityWorkflow, 'decision', snapshot))).toContain('十五日内');
    expect(textOf(compose(accountabilityWorkflow, 'deliveryReceipt', snapshot))).toContain('十五日内');
    expect(textOf(compose(accountabilityWorkflowV1, 'decision', snapshot))).toContain('一个月内');
  });

  it('the 谈话函询通知书 is issued once approved, with the reply limit for a letter', () => {
    const proposed = inquiry.start();
    expect(issuableIn(inquiryWorkflow, proposed)).toEqual([]);
    const letter = inquiry.send(proposed, inquiry.ev('APPROVE', { method: 'letter' }));
    expect(issuableIn(inquiryWorkflow, letter)).toEqual(['notice', 'letter']);
    expect(textOf(compose(inquiryWorkflow, 'notice', letter))).toContain('十五个工作日内');
    const talk = inquiry.send(proposed, inquiry.ev('APPROVE', { method: 'talk' }));
    expect(textOf(compose(inquiryWorkflow, 'notice', talk))).toContain('决定与你进行谈话');
  });

  it('version 2 of the inquiry has the 谈话笔录 of a talk and the 函询函 of a letter, the letter approved before issue', () => {
    const proposed = inquiry.start();
    const letter = inquiry.send(proposed, inquiry.ev('APPROVE', { method: 'letter' }));
    const talk = inquiry.send(proposed, inquiry.ev('APPROVE', { method: 'talk' }));
    expect(issuableIn(inquiryWorkflow, letter)).toEqual(['notice', 'letter']);
    expect(issuableIn(inquiryWorkflow, talk)).toEqual(['notice', 'talkRecord']);
    expect(inquiryWorkflow.documents!.letter.approval).toBe(true);
    expect(inquiryWorkflow.documents!.talkRecord.approval).toBeUndefined();
    const letterModel = compose(inquiryWorkflow, 'letter', letter);
    expect(letterModel).toMatchObject({ title: '函询函', header: '甲县纪委监委', seal: true });
    expect(textOf(letterModel)).toContain('十五个工作日内');
    expect(textOf(letterModel)).toContain(inquiry.INPUT.clue);
    const record = textOf(compose(inquiryWorkflow, 'talkRecord', talk));
    for (const words of ['谈话笔录', '被谈话人', inquiry.INPUT.clue, '与我所说的一致'])
      expect(record).toContain(words);
  });

  it('the 整改通知书 lists the open items with whom and by when', () => {
    const issued = rectification.start();
    expect(issuableIn(rectificationWorkflow, issued)).toEqual(['notice']);
    const text = textOf(compose(rectificationWorkflow, 'notice', issued));
    for (const item of rectification.INPUT.items) expect(text).toContain(item.description);
    expect(text).toContain(rectification.INPUT.unitLeader.name);
  });
});
