// The call centre's translations on rows the generated data set never holds: unknown legacy codes,
// unreadable calling numbers, order references typed loosely, foreign cursors.
import 'reflect-metadata';
import { toCall, toTicket } from '../subgraphs/callcentre/callcentre.mappers';
import { callCursor, decodeCallCursor } from '../subgraphs/callcentre/cursor';
import { callId, contactIds, ticketId } from '../subgraphs/callcentre/keys';

const call = {
  call_id: '42',
  contact_id: null,
  ani: '06 12 34 56 78',
  direction: 'I',
  queue: 'SAV',
  agent_id: 'AG0101',
  start_epoch: '1711846800',
  duration_s: 65,
  reason_code: 'RECL',
  outcome: 'RESOLU',
  quoted_order: 'CMD-0001234',
};

it('maps the legacy codes of a call and keeps them beside', () => {
  expect(toCall(call)).toMatchObject({
    direction: 'INBOUND',
    directionCode: 'I',
    queue: 'AFTER_SALES',
    reason: 'COMPLAINT',
    reasonCode: 'RECL',
    outcome: 'RESOLVED',
    startedAt: new Date('2024-03-31T01:00:00Z'),
    callingNumber: '+33612345678',
    quotedOrder: { reference: 'CMD-0001234' },
  });
  for (const [code, reason] of Object.entries({ SUIVI: 'ORDER_TRACKING', INFO: 'INFORMATION', RETOUR: 'RETURN', FACT: 'INVOICE', RESIL: 'CANCELLATION' })) {
    expect(toCall({ ...call, reason_code: code }).reason).toBe(reason);
  }
});

it('answers null for codes it does not know, with the raw code still there', () => {
  const odd = toCall({ ...call, direction: 'X', queue: 'VIP', reason_code: 'AUTRE', outcome: 'PERDU', ani: '612345678', quoted_order: null });
  expect(odd).toMatchObject({
    direction: null,
    directionCode: 'X',
    queue: null,
    queueCode: 'VIP',
    reason: null,
    reasonCode: 'AUTRE',
    outcome: null,
    outcomeCode: 'PERDU',
    callingNumber: null,
    callingNumberAsCaptured: '612345678',
    quotedOrder: null,
  });
});

it("spells a ticket's order reference as the web shop does", () => {
  const ticket = {
    ticket_id: '7',
    contact_id: '3',
    opened_epoch: '1711846800',
    closed_epoch: null,
    status: 'EN_COURS',
    category: 'LITIGE',
    subject: 'Litige transporteur',
    order_ref: ' cmd 0001234',
    priority: 1,
    satisfaction: null,
  };
  expect(toTicket(ticket)).toMatchObject({
    status: 'IN_PROGRESS',
    category: 'DISPUTE',
    priority: 'HIGH',
    priorityLevel: 1,
    closedAt: null,
    order: { reference: 'CMD-0001234' },
  });
  expect(toTicket({ ...ticket, order_ref: '  ', priority: 9, status: 'ATTENTE' })).toMatchObject({
    order: null,
    priority: null,
    priorityLevel: 9,
    status: null,
    statusCode: 'ATTENTE',
  });
});

it('reads ids and contact keys strictly, and only its own cursors', () => {
  expect(callId('00042')).toBe('42');
  expect(callId('9223372036854775808')).toBeNull();
  expect(ticketId('2147483648')).toBeNull();
  expect(contactIds(['12', ' 3', 'x', '12', '99999999999'])).toEqual([3, 12]);
  const position = { startEpoch: '1711846800', id: '42' };
  expect(decodeCallCursor(callCursor(position))).toEqual(position);
  for (const bad of ['', 'nonsense', Buffer.from('["call","1","x"]').toString('base64url'), Buffer.from('["receipt","12"]').toString('base64url')]) {
    expect(() => decodeCallCursor(bad)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  }
});
