// Cross-language end-to-end test of the Meetings gRPC contract.
//
// A Node.js client built from protos/ ALONE (no generated .NET code, no server-side knowledge)
// runs a whole meeting against a running Governance host: the cases its items belong to (Cases
// service), body, meetings, items incl. a closed one, publish, decisions incl. a postponement,
// approve, minutes for both audiences, and the decision on the case's timeline. It also checks that
// bad input is a clear INVALID_ARGUMENT, and the host's readiness over HTTP.
//
//   GOVERNANCE_GRPC_ADDRESS=127.0.0.1:5080 [GOVERNANCE_HTTP_ADDRESS=127.0.0.1:5081] \
//     [GOVERNANCE_CASES_GRPC_ADDRESS=127.0.0.1:5082] node --test meeting.e2e.test.mjs
//
// GOVERNANCE_GRPC_ADDRESS is the Meetings service, and Cases too unless GOVERNANCE_CASES_GRPC_ADDRESS
// names its own (each service in its own container, as docker-compose.yml runs them).
// scripts/test.sh runs this file against a host on free ports, and against the composed services.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const here = path.dirname(fileURLToPath(import.meta.url));
const PROTOS = path.resolve(here, '../../protos');

const GRPC_ADDRESS = process.env.GOVERNANCE_GRPC_ADDRESS;
// A bearer token the host accepts (scripts/test.sh mints one with `Governance.Host token`).
const TOKEN = process.env.GOVERNANCE_TOKEN ?? '';
const HTTP_ADDRESS = process.env.GOVERNANCE_HTTP_ADDRESS;
const CASES_GRPC_ADDRESS = process.env.GOVERNANCE_CASES_GRPC_ADDRESS || GRPC_ADDRESS;
const CALL_TIMEOUT_MS = 15_000;
const TEST_TIMEOUT_MS = 120_000;

// ------------------------------------------------------------------------------------------------
// Client from protos/ only.
// ------------------------------------------------------------------------------------------------
const definition = protoLoader.loadSync(['governance/meetings/v1/meetings_service.proto', 'governance/cases/v1/cases_service.proto'], {
    includeDirs: [PROTOS],
    keepCase: true, // field names exactly as in the .proto files (snake_case)
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
});
const proto = grpc.loadPackageDefinition(definition);
const MeetingsService = proto.governance.meetings.v1.MeetingsService;
const CasesService = proto.governance.cases.v1.CasesService;

let client;
let casesClient;
function meetings() {
    if (!GRPC_ADDRESS) {
        throw new Error('GOVERNANCE_GRPC_ADDRESS is not set (e.g. 127.0.0.1:5080)');
    }
    client ??= new MeetingsService(GRPC_ADDRESS, grpc.credentials.createInsecure());
    return client;
}

function cases() {
    meetings();
    casesClient ??= new CasesService(CASES_GRPC_ADDRESS, grpc.credentials.createInsecure());
    return casesClient;
}

/** Calls a unary method of the Cases service (same token). */
function callCases(method, request) {
    return invoke(cases(), method, request, TOKEN);
}

/** Calls a unary method and resolves with its response, or rejects with the ServiceError. */
function call(method, request, token = TOKEN) {
    return invoke(meetings(), method, request, token);
}

function invoke(c, method, request, token) {
    const metadata = new grpc.Metadata();
    if (token) {
        metadata.add('authorization', `Bearer ${token}`);
    }
    return new Promise((resolve, reject) => {
        c[method](request, metadata, { deadline: new Date(Date.now() + CALL_TIMEOUT_MS) }, (err, response) => {
            if (err) {
                err.message = `${method}: ${err.message}`;
                reject(err);
            } else {
                resolve(response);
            }
        });
    });
}

/** Calls a unary method that is expected to fail; resolves with the ServiceError. */
async function callExpectingError(method, request) {
    try {
        const response = await call(method, request);
        assert.fail(`${method} succeeded but should have failed: ${JSON.stringify(response)}`);
    } catch (err) {
        if (err instanceof assert.AssertionError) {
            throw err;
        }
        return err;
    }
}

/** Reads every page of a list method. */
async function listAll(method, request, field) {
    const all = [];
    let page_token = '';
    for (let page = 0; page < 100; page++) {
        const response = await call(method, { ...request, page_size: 200, page_token });
        all.push(...response[field]);
        page_token = response.next_page_token;
        if (!page_token) {
            return all;
        }
    }
    throw new Error(`${method}: more than 100 pages`);
}

after(() => {
    client?.close();
    casesClient?.close();
});

// ------------------------------------------------------------------------------------------------
// Helpers for the data.
// ------------------------------------------------------------------------------------------------
const runId = `${Date.now().toString(36)}-${Math.floor(Math.random() * 36 ** 4).toString(36)}`;

/** A google.type.DateTime in Europe/Copenhagen (the contract's only accepted zone). */
function localStart(year, month, day, hours, minutes) {
    return {
        year, month, day, hours, minutes, seconds: 0, nanos: 0,
        time_zone: { id: 'Europe/Copenhagen', version: '' },
    };
}

const dd = (n) => String(n).padStart(2, '0');

// ------------------------------------------------------------------------------------------------
// The whole meeting.
// ------------------------------------------------------------------------------------------------
test('runs a whole meeting from protos/ alone', { timeout: TEST_TIMEOUT_MS }, async () => {
    const bodyId = `e2e-direktionen-${runId}`;

    // Registers a (historical) case; one registered by an earlier run against the same host is fine.
    const registerCase = async (number, title, confidentiality = 'CONFIDENTIALITY_PUBLIC') => {
        try {
            await callCases('CreateCase', { case: { journal_number: number, title, unit: 'DIR', confidentiality } });
        } catch (err) {
            assert.equal(err.code, grpc.status.ALREADY_EXISTS, `CreateCase ${number}: ${err.code} ${err.details}`);
        }
    };

    // --- Body -----------------------------------------------------------------------------------
    // The agenda template's journal numbers must name cases, as an item's must.
    const unknownTemplate = await callExpectingError('CreateBody', {
        body_id: `${bodyId}-uden-sag`,
        body: { display_name: 'Uden sag', agenda_template: [{ title: 'Ukendt', journal_number: '99/99998' }] },
    });
    assert.equal(unknownTemplate.code, grpc.status.FAILED_PRECONDITION, `template without case: ${unknownTemplate.code} ${unknownTemplate.details}`);
    await registerCase('16/26813', 'Økonomiopfølgning 2016');
    await registerCase('16/26814', 'Øvrige sager 2016');
    const body = await call('CreateBody', {
        body_id: bodyId,
        request_id: randomUUID(),
        body: {
            display_name: 'Direktionen',
            short_name: 'DIR',
            usual_room: 'Mødelokale B105',
            members: [
                { display_name: 'Lars Holte', role: 'MEMBER_ROLE_CHAIR', unit: 'DIR' },
                { display_name: 'Søren Ærø Østergård', role: 'MEMBER_ROLE_MEMBER', unit: 'ØDC' },
                { display_name: 'Kathrine Seier Skastrup', role: 'MEMBER_ROLE_SECRETARY', unit: 'BYC' },
            ],
            agenda_template: [
                { title: 'Økonomiopfølgning', journal_number: '16/26813', append_meeting_date: true },
                { title: 'Øvrige sager', journal_number: '16/26814', append_meeting_date: false },
            ],
        },
    });
    assert.equal(body.name, `bodies/${bodyId}`);
    assert.equal(body.display_name, 'Direktionen');
    assert.equal(body.members.length, 3);
    assert.equal(body.members[2].role, 'MEMBER_ROLE_SECRETARY', 'enum comes back by name');
    assert.equal(body.members[1].display_name, 'Søren Ærø Østergård', 'Danish text round-trips');
    assert.ok(body.etag, 'body has an etag');
    assert.ok(body.create_time, 'body has a create_time');

    const got = await call('GetBody', { name: body.name });
    assert.deepEqual(got.agenda_template.map((t) => t.title), ['Økonomiopfølgning', 'Øvrige sager']);

    // --- Two meetings ---------------------------------------------------------------------------
    const [y1, m1, d1] = [2031, 3, 13];
    const meeting = await call('ScheduleMeeting', {
        meeting: { body: body.name, start: localStart(y1, m1, d1, 8, 30), title: 'Direktionsmøde' },
        apply_agenda_template: true,
        request_id: randomUUID(),
    });
    assert.match(meeting.name, /^meetings\/[^/]+$/);
    assert.equal(meeting.body, body.name);
    assert.equal(meeting.body_display_name, 'Direktionen');
    assert.equal(meeting.state, 'MEETING_STATE_PLANNED');
    assert.equal(meeting.room, 'Mødelokale B105', "defaults to the body's usual room");
    assert.equal(meeting.participants.length, 3, "defaults to the body's members");
    assert.equal(meeting.start.year, y1);
    assert.equal(meeting.start.hours, 8);
    assert.equal(meeting.start.minutes, 30);
    assert.ok(meeting.start_time, 'start_time (UTC) is set');
    // 08:30 in Copenhagen in March (CET, before the switch to summer time) is 07:30 UTC.
    assert.equal(new Date(Number(meeting.start_time.seconds) * 1000).toISOString(), '2031-03-13T07:30:00.000Z');

    const nextMeeting = await call('ScheduleMeeting', {
        meeting: { body: body.name, start: localStart(2031, 4, 10, 8, 30) },
        apply_agenda_template: false,
        request_id: randomUUID(),
    });
    assert.notEqual(nextMeeting.name, meeting.name);

    // The template's standing items, the date appended as " - DD-MM-YYYY".
    const templateItems = await listAll('ListAgendaItems', { parent: meeting.name }, 'items');
    const titles = templateItems.map((i) => i.title);
    assert.ok(titles.includes(`Økonomiopfølgning - ${dd(d1)}-${dd(m1)}-${y1}`),
        `template item with appended date, got ${JSON.stringify(titles)}`);
    assert.ok(titles.includes('Øvrige sager'), `template item without date, got ${JSON.stringify(titles)}`);
    assert.ok(templateItems.every((i) => i.kind === 'ITEM_KIND_STANDING'),
        `template items are standing items, got ${JSON.stringify(templateItems.map((i) => i.kind))}`);

    // --- Cases ----------------------------------------------------------------------------------
    // An item's journal number must name a case: register the (historical) cases first.
    const unknown = await callExpectingError('AddAgendaItem', {
        parent: meeting.name,
        item: { journal_number: '99/99999', title: 'Uden sag', kind: 'ITEM_KIND_ORDINARY' },
    });
    assert.equal(unknown.code, grpc.status.FAILED_PRECONDITION, `no case: ${unknown.code} ${unknown.details}`);
    for (const [number, title, confidentiality] of [
        ['17/04512', 'Regnskab 2016', 'CONFIDENTIALITY_PUBLIC'],
        ['17/01234', 'Digitaliseringsstrategi', 'CONFIDENTIALITY_PUBLIC'],
        ['17/09999', 'Personalesag', 'CONFIDENTIALITY_CLOSED'],
        ['17/00001', 'For sent', 'CONFIDENTIALITY_PUBLIC'],
    ]) {
        await registerCase(number, title, confidentiality);
    }

    // --- Items ----------------------------------------------------------------------------------
    const ordinary = await call('AddAgendaItem', {
        parent: meeting.name,
        request_id: randomUUID(),
        item: {
            journal_number: '17/04512',
            title: 'Regnskab 2016 – årsrapport og økonomisk overblik',
            kind: 'ITEM_KIND_ORDINARY',
            sections: [
                { kind: 'SECTION_KIND_BAGGRUND', text: 'Årets regnskab viser et mindreforbrug på 12,5 mio. kr. på tværs af områderne.' },
                { kind: 'SECTION_KIND_OKONOMI', text: '' },
                { kind: 'SECTION_KIND_OTHER', heading: 'Særlige forhold', text: 'Æbler, øl og ål.' },
            ],
            recommendation: {
                unit: 'ØDC',
                text: 'ØDC indstiller, at Direktionen',
                points: [
                    { label: '1', text: 'godkender regnskabet for 2016' },
                    { label: '2', text: 'tager orienteringen om overførsler til efterretning' },
                ],
            },
            guests: [{ display_name: 'Jesper Andersen', affiliation: 'Chefrevisor, KPMG', joins_at: { hours: 10, minutes: 0, seconds: 0, nanos: 0 } }],
            attachments: [{ title: 'Årsrapport 2016', document_number: '177144/17' }],
        },
    });
    assert.match(ordinary.name, new RegExp(`^${meeting.name}/items/[^/]+$`));
    assert.equal(ordinary.title, 'Regnskab 2016 – årsrapport og økonomisk overblik');
    assert.equal(ordinary.kind, 'ITEM_KIND_ORDINARY');
    assert.equal(ordinary.number, templateItems.length + 1, 'added at the end of the agenda');
    assert.equal(ordinary.supplement, false, 'not a supplement before publication');
    assert.deepEqual(ordinary.sections.map((s) => s.kind),
        ['SECTION_KIND_BAGGRUND', 'SECTION_KIND_OKONOMI', 'SECTION_KIND_OTHER']);
    assert.equal(ordinary.sections[2].heading, 'Særlige forhold');
    assert.deepEqual(ordinary.recommendation.points.map((p) => p.label), ['1', '2']);

    const toPostpone = await call('AddAgendaItem', {
        parent: meeting.name,
        request_id: randomUUID(),
        item: {
            journal_number: '17/01234',
            title: 'Ny indkøbspolitik',
            kind: 'ITEM_KIND_ORDINARY',
            sections: [{ kind: 'SECTION_KIND_SAGSFREMSTILLING', text: 'Forslag til ny indkøbspolitik.' }],
            recommendation: { unit: 'Administrationen', text: 'Administrationen indstiller, at Direktionen', points: [{ label: 'a', text: 'godkender politikken' }] },
        },
    });

    // Unique markers so a leak of the closed item's content anywhere in the public minutes is found.
    const secret = `FORTROLIGT-${runId}`;
    const closedTitle = `Personalesag vedrørende medarbejder ${secret}-titel`;
    const closedText = `Oplysninger om helbred og løn ${secret}-tekst`;
    const closedDecisionText = `Afskedigelse godkendt ${secret}-beslutning`;
    const closed = await call('AddAgendaItem', {
        parent: meeting.name,
        request_id: randomUUID(),
        item: {
            journal_number: '17/09999',
            title: closedTitle,
            kind: 'ITEM_KIND_CLOSED',
            sections: [{ kind: 'SECTION_KIND_SAGSFREMSTILLING', text: closedText }],
            recommendation: { unit: 'HR-Centret', text: `HR-Centret indstiller ${secret}-indstilling`, points: [{ label: '1', text: `${secret}-pind` }] },
            guests: [{ display_name: `Gæst ${secret}-gæst`, affiliation: '' }],
            attachments: [{ title: `Bilag ${secret}-bilag`, document_number: '' }],
        },
    });
    assert.equal(closed.kind, 'ITEM_KIND_CLOSED');
    assert.equal(closed.title, closedTitle, 'the closed item itself is readable through the API');

    // --- Publish --------------------------------------------------------------------------------
    const published = await call('PublishAgenda', { name: meeting.name, etag: '' });
    assert.equal(published.state, 'MEETING_STATE_AGENDA_PUBLISHED');
    assert.ok(published.agenda_publish_time, 'agenda_publish_time is set');
    assert.equal(published.item_count, templateItems.length + 3);

    // --- Decisions ------------------------------------------------------------------------------
    const approved = await call('RecordDecision', {
        parent: ordinary.name,
        request_id: randomUUID(),
        decision: {
            outcome: 'DECISION_OUTCOME_APPROVED',
            text: 'Indstillingen blev godkendt. Pind 2 blev taget til efterretning.',
            point_outcomes: [
                { label: '1', outcome: 'DECISION_OUTCOME_APPROVED', text: '' },
                { label: '2', outcome: 'DECISION_OUTCOME_NOTED', text: 'Med bemærkning om overførsler.' },
            ],
            follow_ups: [{ description: 'Direktionen bestilte et notat fra ØDC', unit: 'ØDC', due_date: { year: 2031, month: 4, day: 1 } }],
            referrals: [{ body_display_name: 'Økonomiudvalget', expected_date: { year: 2031, month: 4, day: 20 }, text: '' }],
        },
    });
    assert.match(approved.name, new RegExp(`^${ordinary.name}/decisions/[^/]+$`));
    assert.equal(approved.outcome, 'DECISION_OUTCOME_APPROVED');
    assert.deepEqual(approved.point_outcomes.map((p) => [p.label, p.outcome]),
        [['1', 'DECISION_OUTCOME_APPROVED'], ['2', 'DECISION_OUTCOME_NOTED']]);
    assert.equal(approved.meeting, meeting.name);
    assert.equal(approved.body_display_name, 'Direktionen');
    assert.deepEqual(
        { year: approved.meeting_date?.year, month: approved.meeting_date?.month, day: approved.meeting_date?.day },
        { year: y1, month: m1, day: d1 });
    assert.equal(approved.heading, `Beslutning Direktionen den ${dd(d1)}-${dd(m1)}-${y1}`);

    // The decision reaches the case's timeline in Cases through the event bus.
    const regnskab = await callCases('GetCase', { journal_number: '17/04512' });
    let onTimeline;
    for (let attempt = 0; attempt < 100 && !onTimeline; attempt++) {
        const timeline = await callCases('ListCaseTimeline', { parent: regnskab.name, page_size: 200 });
        onTimeline = timeline.entries.find((e) => e.kind === 'TIMELINE_ENTRY_KIND_DECISION_RECORDED' && e.resource === approved.name);
        if (!onTimeline) {
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    }
    assert.ok(onTimeline, 'the decision appears on the case timeline');
    assert.match(onTimeline.text, /Indstillingen blev godkendt/);
    assert.equal(onTimeline.body_title, 'Direktionen');

    const postponed = await call('RecordDecision', {
        parent: toPostpone.name,
        request_id: randomUUID(),
        decision: {
            outcome: 'DECISION_OUTCOME_POSTPONED',
            text: 'Punktet blev udsat til næste møde.',
            postponed_to: nextMeeting.name,
        },
    });
    assert.equal(postponed.outcome, 'DECISION_OUTCOME_POSTPONED');
    assert.equal(postponed.postponed_to, nextMeeting.name);
    assert.match(postponed.carried_item, new RegExp(`^${nextMeeting.name}/items/[^/]+$`),
        'the postponement carried the item onto the next meeting');

    await call('RecordDecision', {
        parent: closed.name,
        request_id: randomUUID(),
        decision: { outcome: 'DECISION_OUTCOME_APPROVED', text: closedDecisionText },
    });

    // --- Held, approved -------------------------------------------------------------------------
    const held = await call('MarkMeetingHeld', { name: meeting.name, etag: published.etag });
    assert.equal(held.state, 'MEETING_STATE_HELD');
    assert.ok(held.held_time, 'held_time is set');

    const approvedMeeting = await call('ApproveMinutes', { name: meeting.name, etag: held.etag });
    assert.equal(approvedMeeting.state, 'MEETING_STATE_MINUTES_APPROVED');
    assert.ok(approvedMeeting.minutes_approve_time, 'minutes_approve_time is set');

    // --- Minutes for members --------------------------------------------------------------------
    const members = await call('GetMinutes', { meeting: meeting.name, audience: 'AUDIENCE_MEMBERS' });
    assert.equal(members.meeting, meeting.name);
    assert.equal(members.status, 'MINUTES_STATUS_APPROVED');
    assert.equal(members.audience, 'AUDIENCE_MEMBERS');
    assert.equal(members.title, `REFERAT Direktionen d. ${dd(d1)}-${dd(m1)}-${y1}`);
    assert.equal(members.header.secretary, 'Kathrine Seier Skastrup');
    assert.match(members.header.participants_text, /Kathrine Seier Skastrup \(sekretær\)/);
    assert.equal(members.header.room, 'Mødelokale B105');
    assert.equal(members.items.length, templateItems.length + 3);
    assert.equal(members.table_of_contents.length, members.items.length);

    const mClosed = members.items.find((i) => i.item === closed.name);
    assert.ok(mClosed, 'the closed item is in the members minutes');
    assert.equal(mClosed.title, closedTitle, 'members see the closed title');
    assert.equal(mClosed.redacted, false);
    assert.ok(members.table_of_contents.some((e) => e.title === closedTitle), 'members see the closed title in the contents');
    assert.ok(members.text.includes(closedTitle), 'members see the closed title in the text');
    assert.equal(mClosed.sections[0]?.text, closedText, 'members see the closed text');
    assert.equal(mClosed.decisions[0]?.text, closedDecisionText, 'members see the decision on the closed item');

    const mOrdinary = members.items.find((i) => i.item === ordinary.name);
    assert.ok(mOrdinary, 'the ordinary item is in the minutes');
    assert.equal(mOrdinary.title, 'Regnskab 2016 – årsrapport og økonomisk overblik');
    assert.equal(mOrdinary.decisions.length, 1);
    assert.equal(mOrdinary.decisions[0].outcome, 'DECISION_OUTCOME_APPROVED');
    assert.ok(members.text.includes('Æbler, øl og ål.'), 'Danish section text is in the document text');

    const mPostponed = members.items.find((i) => i.item === toPostpone.name);
    assert.equal(mPostponed?.decisions[0]?.outcome, 'DECISION_OUTCOME_POSTPONED');

    // --- Minutes for the public -----------------------------------------------------------------
    const pub = await call('GetMinutes', { meeting: meeting.name, audience: 'AUDIENCE_PUBLIC' });
    assert.equal(pub.audience, 'AUDIENCE_PUBLIC');
    assert.equal(pub.status, 'MINUTES_STATUS_APPROVED');
    assert.equal(pub.items.length, members.items.length);
    const pClosed = pub.items.find((i) => i.number === mClosed.number);
    assert.ok(pClosed, 'the closed item has its place in the public minutes');
    assert.equal(pClosed.title, 'Lukket');
    assert.equal(pClosed.redacted, true);
    assert.equal(pClosed.journal_number, '17/09999', 'the public sees the journal number');
    assert.ok(pClosed.heading.includes('Lukket'), `heading "${pClosed.heading}" says Lukket`);
    assert.equal(pub.table_of_contents.find((e) => e.number === mClosed.number)?.title, 'Lukket');
    assert.ok(pub.text.includes('Lukket'), 'the public text says Lukket');
    const pubJson = JSON.stringify(pub);
    assert.ok(!pubJson.includes(secret), `nothing of the closed item leaks into the public minutes: ${
        pubJson.slice(Math.max(0, pubJson.indexOf(secret) - 200), pubJson.indexOf(secret) + 200)}`);
    assert.ok(!pubJson.includes(closedTitle) && !pubJson.includes(closedText));
    // ... while the open items are there in full.
    assert.equal(pub.items.find((i) => i.item === ordinary.name)?.title, 'Regnskab 2016 – årsrapport og økonomisk overblik');

    // Unspecified audience means public: the safe default.
    const dflt = await call('GetMinutes', { meeting: meeting.name });
    assert.ok(!JSON.stringify(dflt).includes(secret), 'unspecified audience leaks nothing of the closed item');

    // --- The postponed item is on the next meeting's agenda -------------------------------------
    const nextItems = await listAll('ListAgendaItems', { parent: nextMeeting.name }, 'items');
    const carried = nextItems.find((i) => i.name === postponed.carried_item);
    assert.ok(carried, `carried item ${postponed.carried_item} on the next agenda: ${JSON.stringify(nextItems.map((i) => i.name))}`);
    assert.equal(carried.origin_item, toPostpone.name, 'origin_item points at the postponed item');
    assert.equal(carried.title, 'Ny indkøbspolitik');
    assert.equal(carried.journal_number, '17/01234');

    // Its decision history includes the postponement.
    const history = await listAll('ListDecisions', { parent: carried.name }, 'decisions');
    assert.ok(history.some((d) => d.name === postponed.name), 'the postponement is in the carried item\'s history');

    // The approved meeting is locked.
    const locked = await callExpectingError('AddAgendaItem', {
        parent: meeting.name,
        item: { journal_number: '17/00001', title: 'For sent', kind: 'ITEM_KIND_ORDINARY' },
    });
    assert.equal(locked.code, grpc.status.FAILED_PRECONDITION, `locked meeting: ${locked.code} ${locked.details}`);
});

// ------------------------------------------------------------------------------------------------
// Bad input.
// ------------------------------------------------------------------------------------------------

/** Reads the varint at buf[pos]; returns [value, nextPos]. Enough for field numbers, lengths, codes. */
function readVarint(buf, pos) {
    let value = 0;
    let shift = 0;
    for (;;) {
        if (pos >= buf.length) throw new Error('truncated varint');
        const byte = buf[pos++];
        value += (byte & 0x7f) * 2 ** shift;
        if ((byte & 0x80) === 0) return [value, pos];
        shift += 7;
        if (shift > 63) throw new Error('varint too long');
    }
}

/** Decodes a protobuf message into { fieldNumber: [values] } (varints as numbers, bytes as Buffers). */
function decodeFields(buf) {
    const fields = {};
    let pos = 0;
    while (pos < buf.length) {
        let key;
        [key, pos] = readVarint(buf, pos);
        const number = Math.floor(key / 8);
        const wire = key & 7;
        let value;
        if (wire === 0) {
            [value, pos] = readVarint(buf, pos);
        } else if (wire === 2) {
            let len;
            [len, pos] = readVarint(buf, pos);
            if (pos + len > buf.length) throw new Error('truncated field');
            value = buf.subarray(pos, pos + len);
            pos += len;
        } else if (wire === 1) {
            value = buf.subarray(pos, pos + 8); pos += 8;
        } else if (wire === 5) {
            value = buf.subarray(pos, pos + 4); pos += 4;
        } else {
            throw new Error(`unsupported wire type ${wire}`);
        }
        (fields[number] ??= []).push(value);
    }
    return fields;
}

const str = (b) => (b ? Buffer.from(b).toString('utf8') : '');

/**
 * Decodes the google.rpc.Status in grpc-status-details-bin by hand (google/rpc/*.proto are not in
 * protos/): Status{1 code, 2 message, 3 repeated Any{1 type_url, 2 value}}, with
 * BadRequest{1 repeated FieldViolation{1 field, 2 description}} and ErrorInfo{1 reason, 2 domain}.
 */
function decodeStatusDetails(bin) {
    const status = decodeFields(bin);
    const details = (status[3] ?? []).map((any) => {
        const a = decodeFields(any);
        return { type_url: str(a[1]?.[0]), value: a[2]?.[0] ?? Buffer.alloc(0) };
    });
    const badRequest = details.find((d) => d.type_url.endsWith('/google.rpc.BadRequest'));
    const errorInfo = details.find((d) => d.type_url.endsWith('/google.rpc.ErrorInfo'));
    return {
        code: status[1]?.[0] ?? 0,
        message: str(status[2]?.[0]),
        types: details.map((d) => d.type_url),
        violations: badRequest
            ? (decodeFields(badRequest.value)[1] ?? []).map((v) => {
                const f = decodeFields(v);
                return { field: str(f[1]?.[0]), description: str(f[2]?.[0]) };
            })
            : [],
        errorInfo: errorInfo
            ? (() => { const f = decodeFields(errorInfo.value); return { reason: str(f[1]?.[0]), domain: str(f[2]?.[0]) }; })()
            : null,
    };
}

/** "item.journal_number", "item.journalNumber", "journalNumber" ... → "journalnumber" at the end. */
const fieldKey = (field) => field.toLowerCase().replace(/[^a-z0-9.]/g, '').split('.').pop();

test('bad input is a clear INVALID_ARGUMENT', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = await call('CreateBody', {
        body_id: `e2e-bad-input-${runId}`,
        body: { display_name: 'Chefforum', members: [] },
    });
    const meeting = await call('ScheduleMeeting', {
        meeting: { body: body.name, start: localStart(2031, 5, 15, 9, 0) },
    });

    const err = await callExpectingError('AddAgendaItem', {
        parent: meeting.name,
        request_id: randomUUID(),
        item: { journal_number: '2016/1', title: '', kind: 'ITEM_KIND_ORDINARY' },
    });
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT,
        `status ${err.code} (${grpc.status[err.code]}): ${err.details}`);
    assert.ok(err.details, 'the status has a message');
    assert.match(err.details, /journal_number|journalNumber|journal number/i, `message names the journal number: ${err.details}`);
    assert.match(err.details, /title/i, `message names the title: ${err.details}`);

    // Rich error details (google.rpc.Status) in the trailer.
    const bins = err.metadata?.get('grpc-status-details-bin') ?? [];
    assert.equal(bins.length, 1, `grpc-status-details-bin trailer present; trailers: ${JSON.stringify(err.metadata?.getMap())}`);
    const status = decodeStatusDetails(Buffer.from(bins[0]));
    assert.equal(status.code, grpc.status.INVALID_ARGUMENT, 'the Status in the trailer has the same code');
    assert.ok(status.types.some((t) => t.endsWith('/google.rpc.BadRequest')), `details include a BadRequest: ${status.types}`);
    const fields = status.violations.map((v) => fieldKey(v.field));
    assert.ok(fields.includes('journalnumber'), `a field violation for journal_number: ${JSON.stringify(status.violations)}`);
    assert.ok(fields.includes('title'), `a field violation for title: ${JSON.stringify(status.violations)}`);
    assert.ok(status.violations.every((v) => v.description), 'every violation says what is wrong');
    assert.equal(status.errorInfo?.domain, 'governance.meetings', `ErrorInfo domain: ${JSON.stringify(status.errorInfo)}`);

    // Nothing was added.
    const items = await listAll('ListAgendaItems', { parent: meeting.name }, 'items');
    assert.equal(items.length, 0, 'a rejected item is not on the agenda');

    // A required field that is missing altogether is INVALID_ARGUMENT too, not INTERNAL.
    const noBody = await callExpectingError('ScheduleMeeting', { meeting: { start: localStart(2031, 5, 15, 9, 0) } });
    assert.equal(noBody.code, grpc.status.INVALID_ARGUMENT, `missing body: ${noBody.code} ${noBody.details}`);

    // An unknown resource is NOT_FOUND.
    const unknown = await callExpectingError('GetMeeting', { name: `meetings/does-not-exist-${runId}` });
    assert.equal(unknown.code, grpc.status.NOT_FOUND, `unknown meeting: ${unknown.code} ${unknown.details}`);
});

// ------------------------------------------------------------------------------------------------
// Readiness (grpc.health.v1 is not in protos/, so over HTTP).
// ------------------------------------------------------------------------------------------------
test('host is ready (HTTP /readyz)', { timeout: 30_000, skip: HTTP_ADDRESS ? false : 'GOVERNANCE_HTTP_ADDRESS not set' }, async () => {
    const response = await fetch(`http://${HTTP_ADDRESS}/readyz`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(response.status, 200);
    assert.equal((await response.text()).trim(), 'Healthy');
});

test('a call without a bearer token is UNAUTHENTICATED', { timeout: TEST_TIMEOUT_MS }, async () => {
    assert.ok(TOKEN, 'GOVERNANCE_TOKEN is not set: scripts/test.sh mints one with `Governance.Host token`');
    const err = await call('ListBodies', { page_size: 1 }, '').then(
        () => assert.fail('ListBodies without a token succeeded'),
        (e) => e);
    assert.equal(err.code, grpc.status.UNAUTHENTICATED, `expected UNAUTHENTICATED, got ${err.code} ${err.details}`);
    const ok = await call('ListBodies', { page_size: 1 });
    assert.ok(Array.isArray(ok.bodies), 'with the token the same call works');
});
