// The conformance fixture's multi round-trip tools (2026-07-28, SEP-2322): each answers
// `input_required` until the retried call carries the input it asked for.
import { randomBytes, randomUUID } from 'node:crypto';

import {
  acceptedContent,
  CLIENT_CAPABILITIES_META_KEY,
  createRequestStateCodec,
  inputRequired,
} from '@modelcontextprotocol/server';

import { done, formOf, noArgs, text } from './fixture-content.mjs';

// requestState comes back from the client, so it is sealed (HMAC, per-process key) when minted and
// checked by the SDK before a handler runs: a tampered state is refused with -32602. The key only
// has to outlive one run; the state is all that survives between the rounds of a modern request.
export const stateCodec = createRequestStateCodec({ key: randomBytes(32) });

/** Multi round-trip (2026-07-28) tools: each asks until the retried call carries what it needs. */
export function registerInputRequiredTools(server) {
  const askName = (message = 'What is your name?') =>
    inputRequired.elicit({ message, requestedSchema: formOf({ name: { type: 'string' } }, ['name']) });
  const askConfirm = () =>
    inputRequired.elicit({ message: 'Please confirm', requestedSchema: formOf({ ok: { type: 'boolean' } }, ['ok']) });
  const sample = (prompt, maxTokens) =>
    inputRequired.createMessage({ messages: [{ role: 'user', content: text(prompt) }], maxTokens });

  const tool = (name, description, run) =>
    server.registerTool(name, { description, inputSchema: noArgs }, (_args, ctx) => run(ctx.mcpReq));

  tool('test_input_required_result_elicitation', 'Asks for the caller name in-band', (req) => {
    const name = acceptedContent(req.inputResponses, 'user_name')?.name;
    if (typeof name === 'string') return done(`Hello, ${name}!`);
    return inputRequired({ inputRequests: { user_name: askName() } });
  });
  tool('test_input_required_result_sampling', 'Asks for an LLM completion in-band', (req) => {
    const answer = req.inputResponses?.capital_question;
    if (answer === undefined)
      return inputRequired({ inputRequests: { capital_question: sample('What is the capital of France?', 100) } });
    return done(`Sampling response: ${answer.content?.text ?? JSON.stringify(answer)}`);
  });
  tool('test_input_required_result_list_roots', 'Asks for the client roots in-band', (req) => {
    const roots = req.inputResponses?.client_roots?.roots;
    if (!Array.isArray(roots)) return inputRequired({ inputRequests: { client_roots: inputRequired.listRoots() } });
    return done(`Client exposed ${roots.length} root(s): ${roots.map((root) => root.uri).join(', ')}`);
  });
  tool('test_input_required_result_request_state', 'Round-trips a sealed requestState', async (req) => {
    if (acceptedContent(req.inputResponses, 'confirm') !== undefined && req.requestState() !== undefined)
      return done('state-ok: requestState verified and confirmation received');
    return inputRequired({
      inputRequests: { confirm: askConfirm() },
      requestState: await stateCodec.mint({ tool: 'request_state', nonce: randomUUID() }),
    });
  });
  tool('test_input_required_result_multiple_inputs', 'Asks for three kinds of input at once', async (req) => {
    const name = acceptedContent(req.inputResponses, 'user_name')?.name;
    const greeting = req.inputResponses?.greeting?.content?.text;
    const roots = req.inputResponses?.client_roots?.roots;
    if (typeof name === 'string' && typeof greeting === 'string' && Array.isArray(roots))
      return done(`${greeting} ${name} (${roots.length} root(s))`);
    return inputRequired({
      inputRequests: {
        user_name: askName(),
        greeting: sample('Generate a greeting', 50),
        client_roots: inputRequired.listRoots(),
      },
      requestState: await stateCodec.mint({ tool: 'multiple_inputs', nonce: randomUUID() }),
    });
  });
  tool('test_input_required_result_multi_round', 'Two rounds of elicitation, the round kept in state', async (req) => {
    const state = req.requestState();
    const round = state?.tool === 'multi_round' ? state.round : 0;
    if (round === 0) {
      return inputRequired({
        inputRequests: { step1: askName('Step 1: What is your name?') },
        requestState: await stateCodec.mint({ tool: 'multi_round', round: 1, nonce: randomUUID() }),
      });
    }
    if (round === 1) {
      const name = acceptedContent(req.inputResponses, 'step1')?.name ?? 'unknown';
      return inputRequired({
        inputRequests: {
          step2: inputRequired.elicit({
            message: 'Step 2: What is your favorite color?',
            requestedSchema: formOf({ color: { type: 'string' } }, ['color']),
          }),
        },
        requestState: await stateCodec.mint({ tool: 'multi_round', round: 2, name, nonce: randomUUID() }),
      });
    }
    const color = acceptedContent(req.inputResponses, 'step2')?.color ?? 'unknown';
    return done(`Multi-round complete: ${state.name} likes ${color}`);
  });
  tool('test_input_required_result_tampered_state', 'Refuses a retry whose requestState was altered', async (req) => {
    // A state that fails the seal never reaches this handler (the SDK answers -32602 first).
    if (req.requestState() !== undefined && acceptedContent(req.inputResponses, 'confirm') !== undefined)
      return done('integrity-ok: requestState verified');
    return inputRequired({
      inputRequests: { confirm: askConfirm() },
      requestState: await stateCodec.mint({ tool: 'tampered_state', nonce: randomUUID() }),
    });
  });
  tool('test_input_required_result_capabilities', 'Only asks for input kinds the client declared', (req) => {
    if (req.inputResponses !== undefined) return done('Capability-aware input requests fulfilled');
    // sampling and roots are deprecated in 2026-07-28 but still the words a client declares them with.
    const declared = req.envelope?.[CLIENT_CAPABILITIES_META_KEY] ?? {};
    const inputRequests = {};
    if (declared.elicitation !== undefined) inputRequests.user_name = askName();
    if (declared.sampling !== undefined) inputRequests.greeting = sample('Generate a short greeting', 50);
    if (declared.roots !== undefined) inputRequests.client_roots = inputRequired.listRoots();
    if (Object.keys(inputRequests).length === 0) return done('No declared capability allows an input request');
    return inputRequired({ inputRequests });
  });
  // server-stateless: a tool that needs sampling, asked for without the client declaring it (-32021).
  tool('test_missing_capability', 'Needs the sampling client capability', (req) => {
    if (req.inputResponses?.llm_answer !== undefined) return done('sampling round-trip complete');
    return inputRequired({ inputRequests: { llm_answer: sample('Reply with the single word: pong', 16) } });
  });
}
